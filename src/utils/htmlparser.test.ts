/**
 * Python's HTMLParser, event by event. The expected events were printed by
 * Python 3.12's html.parser for the same input (feed, then close if asked):
 * [input, convertCharrefs, close, events, rawdata left after feed].
 */
import { expect, test } from 'vitest';
import { HTMLParser, type HTMLAttribute } from './htmlparser.js';

type Event = (string | HTMLAttribute[] | null)[];

class Recorder extends HTMLParser {
  events: Event[] = [];
  override handleStarttag(tag: string, attrs: HTMLAttribute[]): void {
    this.events.push(['start', tag, attrs, this.getStarttagText()]);
  }
  override handleStartendtag(tag: string, attrs: HTMLAttribute[]): void {
    this.events.push(['startend', tag, attrs, this.getStarttagText()]);
  }
  override handleEndtag(tag: string): void {
    this.events.push(['end', tag]);
  }
  override handleData(data: string): void {
    this.events.push(['data', data]);
  }
  override handleComment(data: string): void {
    this.events.push(['comment', data]);
  }
  override handleDecl(decl: string): void {
    this.events.push(['decl', decl]);
  }
  override handlePi(data: string): void {
    this.events.push(['pi', data]);
  }
  override unknownDecl(data: string): void {
    this.events.push(['unknown', data]);
  }
  override handleCharref(name: string): void {
    this.events.push(['charref', name]);
  }
  override handleEntityref(name: string): void {
    this.events.push(['entityref', name]);
  }
}

const cases: [string, boolean, boolean, Event[], string][] = [
  ["<p class=\"a &amp; b\" id=x>Hi &amp; bye<br/></p>", true, true, [["start", "p", [["class", "a & b"], ["id", "x"]], "<p class=\"a &amp; b\" id=x>"], ["data", "Hi & bye"], ["startend", "br", [], "<br/>"], ["end", "p"]], ""],
  ["<p class=\"a &amp; b\" id=x>Hi &amp; bye<br/></p>", false, true, [["start", "p", [["class", "a & b"], ["id", "x"]], "<p class=\"a &amp; b\" id=x>"], ["data", "Hi "], ["entityref", "amp"], ["data", " bye"], ["startend", "br", [], "<br/>"], ["end", "p"]], ""],
  ["a<!-- c -->b<!DOCTYPE html><?pi?><![CDATA[x]]>", true, true, [["data", "a"], ["comment", " c "], ["data", "b"], ["decl", "DOCTYPE html"], ["pi", "pi?"], ["unknown", "CDATA[x"]], ""],
  ["<script>if (a < b) \"</p>\"</script>x", true, true, [["start", "script", [], "<script>"], ["data", "if (a < b) \"</p>\""], ["end", "script"], ["data", "x"]], ""],
  ["x &amp", true, false, [], "x &amp"],
  ["x &amp", true, true, [["data", "x &"]], "x &amp"],
  ["<b>hello</b", true, false, [["start", "b", [], "<b>"], ["data", "hello"]], "</b"],
  ["<b>hello</b", true, true, [["start", "b", [], "<b>"], ["data", "hello"], ["data", "<"], ["data", "/b"]], "</b"],
  ["a < b &lt; c", false, true, [["data", "a "], ["data", "<"], ["data", " b "], ["entityref", "lt"], ["data", " c"]], ""],
  ["</>x</ p>y</b class=z>", true, true, [["data", "x"], ["end", "p"], ["data", "y"], ["end", "b"]], ""],
];

test.each(cases)('%j (convertCharrefs %s, close %s)', (input, convertCharrefs, close, events, left) => {
  const p = new Recorder({ convertCharrefs });
  p.feed(input);
  expect(p.rawdata).toBe(left);
  if (close) p.close();
  expect(p.events).toEqual(events);
});

test('an unknown marked section raises AssertionError, as in Python', () => {
  expect(() => new Recorder().feed('<![foo]>abc')).toThrow("unknown status keyword 'foo' in marked section");
  expect(() => new Recorder().feed('<![ foo')).toThrow("expected name token at '<![ foo'");
});
