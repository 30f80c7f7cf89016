/** Word lists the extraction rules share. General English newsroom vocabulary, not tied to any article. */

function forms(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

/** Verbs that introduce speech (direct or reported). All inflections are listed explicitly. */
export const SPEECH_VERBS = new Set(
  forms(`
  say says said saying tell tells told telling add adds added adding ask asks asked asking
  state states stated stating assert asserts asserted asserting claim claims claimed claiming
  insist insists insisted insisting argue argues argued arguing warn warns warned warning
  note notes noted noting stress stresses stressed stressing emphasize emphasizes emphasized emphasizing
  emphasise emphasises emphasised emphasising explain explains explained explaining
  remark remarks remarked remarking reply replies replied replying respond responds responded responding
  declare declares declared declaring announce announces announced announcing confirm confirms confirmed confirming
  acknowledge acknowledges acknowledged acknowledging admit admits admitted admitting concede concedes conceded conceding
  suggest suggests suggested suggesting describe describes described describing call calls called calling
  term terms termed terming write writes wrote writing tweet tweets tweeted tweeting post posts posted posting
  predict predicts predicted predicting promise promises promised promising pledge pledges pledged pledging
  vow vows vowed vowing threaten threatens threatened threatening urge urges urged urging
  demand demands demanded demanding reject rejects rejected rejecting deny denies denied denying
  propose proposes proposed proposing maintain maintains maintained maintaining signal signals signaled signalled signaling signalling
  indicate indicates indicated indicating accuse accuses accused accusing complain complains complained complaining
  recall recalls recalled recalling reiterate reiterates reiterated reiterating repeat repeats repeated repeating
  mention mentions mentioned mentioning reveal reveals revealed revealing contend contends contended contending
  caution cautions cautioned cautioning observe observes observed observing comment comments commented commenting
  quip quips quipped boast boasts boasted joke jokes joked
  announce reassure reassured reassures tout touts touted hail hails hailed praise praises praised
  `),
);

/**
 * Verbs that state a stance on their own (a position needs no further marker).
 * Neutral reporting verbs (say, tell, note, …) make a position only when the content carries a modal.
 */
export const STANCE_VERBS = new Set(
  forms(`
  assert asserts asserted asserting insist insists insisted insisting demand demands demanded demanding
  reject rejects rejected rejecting propose proposes proposed proposing want wants wanted wanting
  maintain maintains maintained maintaining signal signals signaled signalled signaling signalling
  refuse refuses refused refusing agree agrees agreed agreeing accept accepts accepted accepting
  oppose opposes opposed opposing urge urges urged urging warn warns warned warning threaten threatens threatened
  pledge pledges pledged vow vows vowed offer offers offered offering seek seeks sought seeking
  stress stresses stressed stressing concede concedes conceded conceding indicate indicates indicated indicating
  rule rules ruled ruling consent consents consented consenting
  sees see saw views view considers consider considered back backs backed support supports supported
  argue argues argued arguing present presents presented presenting call calls called calling push pushes pushed pushing
  require requires required requiring hope hopes hoped wish wishes wished
  lay lays laid laying set sets setting put puts putting resist resists resisted resisting dismiss dismisses dismissed dismissing
  press presses pressed pressing ask asks asked asking expect expects expected clear adamant firm emphatic unequivocal
  float floats floated floating block blocks blocked blocking promote promotes promoted promoting endorse endorses endorsed
  condemn condemns condemned veto vetoes vetoed vetoing commit commits committed committing
  `),
);

/** Reporting verbs that need a modal or stance marker in their content to count as a position. */
export const NEUTRAL_REPORTING = new Set(
  forms(`say says said saying tell tells told telling add adds added adding state states stated stating
  note notes noted noting explain explains explained explaining claim claims claimed claiming
  suggest suggests suggested suggesting believe believes believed remark remarks remarked declare declares declared
  announce announces announced confirm confirms confirmed reiterate reiterates reiterated emphasize emphasized emphasise emphasised`),
);

/** A modal or stance marker in reported content: "must", "cannot", "would only … if", "ready to". */
export const STANCE_MARKER =
  /\b(?:must|should(?! have)|shouldn[’']t|cannot|can[’']t|can not|won[’']t|will not|would not|wouldn[’']t|would only|will only|only (?:if|once|after|when|as part of)|unless|never|need(?:s|ed)? to|ha(?:s|ve|d) to|ready (?:to|for)|prepared to|willing to|unwilling to|expect(?:s|ed)?|conditional on|annex(?:es|ed|ing)?|refuse[sd]?|no (?:deal|peace|ceasefire)|not (?:accept|agree|recognise|recognize|concede|cede|give up|withdraw|sign))\b/i;

/** Nouns that, owned by an actor, state its stance: "Russia's demand that …". */
export const STANCE_NOUNS = /^(?:demands?|insistence|refusal|proposals?|offer|conditions|position|calls? for|push for|bid|plan|view|red lines?)\b/i;

/** Words allowed between a subject and its verb: auxiliaries, adverbs, time phrases. */
export const GAP_WORDS = new Set(
  forms(`has have had is are was were will would could may might also long still again repeatedly reportedly
  previously publicly privately consistently continues continue continued continuing to then later already now often firmly
  flatly only not just had been has been once initially subsequently separately earlier recently on in at last this next
  that during late early yesterday today tonight instead meanwhile so far each both jointly together too likewise morning afternoon evening night week month year weekend
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december a statement an interview briefly quickly immediately himself herself
  seemed appeared appears seems sought seeks`),
);

export const SUBJECT_PRONOUNS = new Map<string, 'm' | 'f' | undefined>([
  ['he', 'm'],
  ['she', 'f'],
]);

/** Titles and role nouns that precede or describe a person. Lowercase; matched case-insensitively. */
export const TITLE_WORDS = [
  'prime minister', 'foreign minister', 'defence minister', 'defense minister', 'deputy prime minister', 'deputy foreign minister',
  'finance minister', 'interior minister', 'minister', 'president', 'vice president', 'secretary of state', 'secretary general',
  'secretary-general', 'defense secretary', 'defence secretary', 'secretary', 'chancellor', 'spokesperson', 'spokesman',
  'spokeswoman', 'press secretary', 'special envoy', 'envoy', 'ambassador', 'adviser', 'advisor', 'aide', 'chief of staff',
  'chief negotiator', 'negotiator', 'general', 'gen.', 'senator', 'sen.', 'rep.', 'representative', 'commissioner', 'chairman',
  'chairwoman', 'chair', 'mayor', 'governor', 'admiral', 'colonel', 'commander', 'mr.', 'mrs.', 'ms.', 'dr.', 'deputy', 'director',
  'head', 'chief', 'leader', 'official', 'diplomat', 'lawmaker', 'king', 'queen', 'premier', 'foreign policy chief', 'high representative',
  'mr', 'mrs', 'ms', 'dr', 'prof', 'professor', 'anchor', 'host', 'correspondent', 'reporter', 'analyst', 'expert', 'researcher',
  'historian', 'economist', 'editor', 'columnist', 'commentator', 'mediator', 'deputy secretary', 'undersecretary', 'under-secretary',
];

/** Group nouns: "Ukrainian officials" speak for Ukraine. */
export const GROUP_NOUNS =
  /^(?:capitals|governments|allies|partners|officials|diplomats|leaders|negotiators|authorities|government|delegation|delegations|envoys|ministers|lawmakers|side|administration|leadership|negotiating team|team|representatives|commanders)\b/;

/** Capitalised words that start sentences or name things, never a person's first name. */
export const NOT_NAME_WORDS = new Set(
  forms(`The A An This That These Those In On At By For From With Without After Before During Despite While When Where
  Why What How Who Whom Which But And Or Yet So If As Although Though However Meanwhile Nevertheless Nonetheless
  Speaking According Asked Earlier Later Last Next Since Until Under Over Both Each Every Many Most Some Several
  It Its He She They We I You Our Their His Her Monday Tuesday Wednesday Thursday Friday Saturday Sunday
  January February March April May June July August September October November December
  Read Share Related Photo Source Home News Exit Advertisement Sign Subscribe Follow More World Politics Europe
  North South East West Eastern Western Central Black Sea Forum Economic Truth Social Fox Sky CBS CNN BBC Reuters
  Associated Press Abu Dhabi Saudi Arabia Petersburg St. Donbas Crimea Donetsk Luhansk Kherson Zaporizhzhia Odesa Kharkiv
  Davos Switzerland Geneva Florida Istanbul Riyadh Article World War Treaty Organization Union Council Commission
  Parliament Congress Senate House Ministry Office Department Agency Bank Fund Forum Summit Conference Group Team
  Breaking Update Analysis Opinion Exclusive Live Watch Video
  Institute Centre Center University School College Academy Studies Security Defence Defense Foundation Committee
  Board Association Society Programme Program Project Initiative Report Survey Network Service Services Company
  Corporation National International Strategic Affairs Relations Policy Research Club`),
);

/**
 * A first test of membership in a set of words, by length and first and last letter: a word of a
 * shape no member has is not a member. Most words of a sentence fail it, sparing the Map or Set
 * lookup, which hashes each new word string (the costly part of a lookup).
 */
export class WordShapes {
  private static readonly LONGEST = 24;
  private readonly shapes = new Uint8Array((WordShapes.LONGEST + 1) * 26 * 26);
  /** Whether a member has no such shape (a letter outside a–z at either end, or very long). */
  private readonly anyOther: boolean;

  constructor(words: Iterable<string>) {
    let anyOther = false;
    for (const word of words) {
      const shape = WordShapes.shape(word);
      if (shape < 0) anyOther = true;
      else this.shapes[shape] = 1;
    }
    this.anyOther = anyOther;
  }

  mayHave(word: string): boolean {
    const shape = WordShapes.shape(word);
    return shape < 0 ? this.anyOther : this.shapes[shape] === 1;
  }

  private static shape(word: string): number {
    const n = word.length;
    if (n === 0 || n > WordShapes.LONGEST) return -1;
    const first = word.charCodeAt(0) - 97;
    const last = word.charCodeAt(n - 1) - 97;
    if (first < 0 || first > 25 || last < 0 || last > 25) return -1;
    return (n * 26 + first) * 26 + last;
  }
}
