/**
 * Keeping V8's hidden classes (maps) stable. Optimised code is specialised to the maps it has seen:
 * an object or array of another map reaching it deoptimises it, and it is compiled again.
 */

const OBJECT_ELEMENTS: object[] = [{}];
OBJECT_ELEMENTS.pop();

/**
 * A new empty array for objects. `[]` holds only small integers until its first object arrives, and
 * `.map` / `.filter` give arrays of one kind when interpreted and another once optimised: either way
 * the same list reaches its readers with different maps. A copy of an empty object array starts with
 * the object array's map and keeps it.
 */
export function objectList<T extends object>(): T[] {
  return OBJECT_ELEMENTS.slice() as T[];
}
