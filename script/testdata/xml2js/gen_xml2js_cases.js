// Generates xml2js_cases.json: what xml2js 0.6.2 on Node 20 makes of each
// document and option set. Regenerate with xml2js where Node finds it:
//   NODE_PATH=<folder holding xml2js> node gen_xml2js_cases.js > xml2js_cases.json
// (TestXML2JSMatchesNodeLive runs this against the installed packages.)
global.require = require;
const docs = [
  '<a>text</a>',
  '<root><item id="1">one</item><item id="2">two</item><empty/><blank>  </blank></root>',
  '<?xml version="1.0"?>\n<Practitioner xmlns="http://hl7.org/fhir">\n  <id value="p1"/>\n  <name>\n    <given value="Jane"/>\n    <family value="Doe"/>\n  </name>\n</Practitioner>',
  '<r>mixed <b>bold</b> tail</r>',
  '<r><![CDATA[<not xml>]]></r>',
  '<r a="1" b="x &amp; y">&lt;v&gt;</r>',
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns:User xmlns:ns="urn:x"><ns:Id>42</ns:Id><ns:Active>true</ns:Active></ns:User></soap:Body></soap:Envelope>',
  '<r><!-- c --><x>1</x><x>2</x><y/></r>',
  '<r>\n  <n>  spaced   out  </n>\n</r>',
];
const options = [
  undefined, { explicitArray: false }, { explicitArray: false, explicitRoot: false }, { mergeAttrs: true },
  { ignoreAttrs: true, explicitArray: false }, { attrkey: 'attrs', charkey: 'text', explicitCharkey: true },
  { trim: true, normalize: true, explicitArray: false }, { normalizeTags: true, explicitArray: false }, { emptyTag: null, explicitArray: false },
  { tagNameProcessors: ['@stripPrefix'], explicitArray: false }, { valueProcessors: ['@parseNumbers', '@parseBooleans'], explicitArray: false, tagNameProcessors: ['@stripPrefix'] },
  { attrValueProcessors: ['@parseNumbers'], attrNameProcessors: ['@normalize'], explicitArray: false },
];
const exprs = [];
for (const d of docs) {
  for (const o of options) {
    const opt = o === undefined ? 'undefined' : JSON.stringify(o).replace(/"@(\w+)"/g, 'require("xml2js").processors.$1');
    exprs.push(`(function () { var out; require("xml2js").parseString(${JSON.stringify(d)}, ${opt}, function (e, r) { out = e ? "error" : r; }); return out; })()`);
  }
}
exprs.push(
  '(function () { var out; require("xml2js").parseString("", function (e, r) { out = [e, r]; }); return out; })()',
  '(function () { var out; require("xml2js").parseString("<a><b></a>", function (e, r) { out = e ? "error" : r; }); return out; })()',
  '(function () { var out; require("xml2js").parseString("not xml", function (e, r) { out = e ? "error" : r; }); return out; })()',
  '(function () { var out; new (require("xml2js").Parser)({explicitArray: false}).parseString("<a><b>1</b></a>", function (e, r) { out = r; }); return out; })()',
  '[typeof require("xml2js").parseStringPromise, typeof require("xml2js").Parser, typeof require("xml2js").processors.stripPrefix]',
);
require('../record_exprs.js')(exprs);
