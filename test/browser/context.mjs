// The context both renders get: in Node, and in Chromium (served as /context.mjs).
export function context() {
  return {
    site: 'Acme & Co',
    intro: 'Everything a <shop> needs, and then some more.',
    products: [
      { name: 'blue widget', price: 1234.5, tags: ['New', 'Sale'] },
      { name: "o'brien's gadget", price: 0.125, tags: [] },
      { name: 'ünïcode thing', price: -7 },
    ],
    total: 1233.625,
    big: 1234567,
    when: new Date(Date.UTC(2025, 2, 14, 15, 9, 26)),
    tags: ['<b>', 'x & y'],
    html: '<i>hi</i>',
    text: 'Line one\nLine two & three',
    data: { a: [1, 2.5, null, true], b: 'c' },
  };
}
