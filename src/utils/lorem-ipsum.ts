/**
 * Django's django/utils/lorem_ipsum: Latin placeholder text for `{% lorem %}`.
 * The word lists are Django's (data, taken as they are).
 */

export const COMMON_P =
  "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

export const WORDS: readonly string[] = [
  "exercitationem", "perferendis", "perspiciatis", "laborum", "eveniet", "sunt", "iure", "nam", "nobis",
  "eum", "cum", "officiis", "excepturi", "odio", "consectetur", "quasi", "aut", "quisquam", "vel",
  "eligendi", "itaque", "non", "odit", "tempore", "quaerat", "dignissimos", "facilis", "neque", "nihil",
  "expedita", "vitae", "vero", "ipsum", "nisi", "animi", "cumque", "pariatur", "velit", "modi", "natus",
  "iusto", "eaque", "sequi", "illo", "sed", "ex", "et", "voluptatibus", "tempora", "veritatis", "ratione",
  "assumenda", "incidunt", "nostrum", "placeat", "aliquid", "fuga", "provident", "praesentium", "rem",
  "necessitatibus", "suscipit", "adipisci", "quidem", "possimus", "voluptas", "debitis", "sint",
  "accusantium", "unde", "sapiente", "voluptate", "qui", "aspernatur", "laudantium", "soluta", "amet", "quo",
  "aliquam", "saepe", "culpa", "libero", "ipsa", "dicta", "reiciendis", "nesciunt", "doloribus", "autem",
  "impedit", "minima", "maiores", "repudiandae", "ipsam", "obcaecati", "ullam", "enim", "totam", "delectus",
  "ducimus", "quis", "voluptates", "dolores", "molestiae", "harum", "dolorem", "quia", "voluptatem",
  "molestias", "magni", "distinctio", "omnis", "illum", "dolorum", "voluptatum", "ea", "quas", "quam",
  "corporis", "quae", "blanditiis", "atque", "deserunt", "laboriosam", "earum", "consequuntur", "hic",
  "cupiditate", "quibusdam", "accusamus", "ut", "rerum", "error", "minus", "eius", "ab", "ad", "nemo",
  "fugit", "officia", "at", "in", "id", "quos", "reprehenderit", "numquam", "iste", "fugiat", "sit",
  "inventore", "beatae", "repellendus", "magnam", "recusandae", "quod", "explicabo", "doloremque", "aperiam",
  "consequatur", "asperiores", "commodi", "optio", "dolor", "labore", "temporibus", "repellat", "veniam",
  "architecto", "est", "esse", "mollitia", "nulla", "a", "similique", "eos", "alias", "dolore", "tenetur",
  "deleniti", "porro", "facere", "maxime", "corrupti",
];

export const COMMON_WORDS: readonly string[] = [
  "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipisicing", "elit", "sed", "do", "eiusmod",
  "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua",
];


/** A source of randomness in [0, 1), as Math.random (the engine's `random` option). */
type Random = () => number;

function randInt(rand: Random, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Python's random.sample: `k` distinct picks. */
function sample<T>(rand: Random, items: readonly T[], k: number): T[] {
  const pool = items.slice();
  const picked: T[] = [];
  for (let i = 0; i < k; i++) picked.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return picked;
}

/** A random sentence: 1 to 5 comma-separated sections of 3 to 12 words, capitalized, ending in . or ?. */
export function sentence(rand: Random): string {
  const sections: string[] = [];
  for (let i = randInt(rand, 1, 5); i > 0; i--) sections.push(sample(rand, WORDS, randInt(rand, 3, 12)).join(' '));
  const s = sections.join(', ');
  return s[0].toUpperCase() + s.slice(1) + (rand() < 0.5 ? '?' : '.');
}

/** A random paragraph of 1 to 4 sentences. */
export function paragraph(rand: Random): string {
  const out: string[] = [];
  for (let i = randInt(rand, 1, 4); i > 0; i--) out.push(sentence(rand));
  return out.join(' ');
}

/** `count` paragraphs; with `common` the first is the standard lorem ipsum one. */
export function paragraphs(count: number, common = true, rand: Random = Math.random): string[] {
  const paras: string[] = [];
  for (let i = 0; i < count; i++) paras.push(common && i === 0 ? COMMON_P : paragraph(rand));
  return paras;
}

/** `count` words; with `common` the first 19 are the standard ones. */
export function words(count: number, common = true, rand: Random = Math.random): string {
  let list = common ? COMMON_WORDS.slice() : [];
  if (count > list.length) {
    count -= list.length;
    while (count > 0) {
      const c = Math.min(count, WORDS.length);
      count -= c;
      list.push(...sample(rand, WORDS, c));
    }
  } else {
    list = list.slice(0, count);
  }
  return list.join(' ');
}
