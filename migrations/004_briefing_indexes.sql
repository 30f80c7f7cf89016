-- Briefings read the newest records of one speaker, actor, person or topic. With the article id
-- beside the key, SQLite walks the index backwards and stops at the limit: no sort of every match.
CREATE INDEX quotes_speaker_article ON quotes(speaker, article_id);
CREATE INDEX quotes_party_article ON quotes(party, article_id);
CREATE INDEX positions_actor_article ON positions(actor, article_id);
CREATE INDEX positions_person_article ON positions(person, article_id);
CREATE INDEX figures_topic_article ON figures(topic, article_id);
