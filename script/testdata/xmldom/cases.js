// Expressions evaluated both by real xmldom 0.6.0 under Node 20 and by the
// sandbox's xmldom module. Regenerate node_cases.json with:
//   npm install --prefix /tmp/npmref xmldom@0.6.0
//   NODE_PATH=/tmp/npmref/node_modules node script/testdata/xmldom/cases.js > script/testdata/xmldom/node_cases.json
// Helpers: P(xml, mime) parses collecting reported problems into E, S(node)
// serialises, T(v) describes undefined/null/strings exactly.
var harness = function (src, xmldom) {
  var E = [];
  function P(x, mime) {
    return new xmldom.DOMParser({ locator: {}, errorHandler: function (l, m) { E.push(l + ':' + m.split('\n')[0]); } })
      .parseFromString(x, mime || 'text/xml');
  }
  function S(n) { return new xmldom.XMLSerializer().serializeToString(n); }
  function T(v) { return v === undefined ? '<undefined>' : v; }
  var ORCID = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<email:emails path="/0000-0002/email" xmlns:common="http://www.orcid.org/ns/common" xmlns:email="http://www.orcid.org/ns/email">' +
    '<common:last-modified-date>2017-10-12T10:05:27.453Z</common:last-modified-date>' +
    '<email:email visibility="public" verified="true" primary="true"><common:created-date>2017-10-12T10:05:27.453Z</common:created-date>' +
    '<email:email>jane@example.org</email:email></email:email></email:emails>';
  var SAML = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">' +
    '<saml:Issuer>https://idp.example.org</saml:Issuer><saml:Assertion ID="_a1"><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane@example.org</saml:NameID></saml:Subject>' +
    '<saml:AttributeStatement><saml:Attribute Name="givenName"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">Jane</saml:AttributeValue></saml:Attribute>' +
    '<saml:Attribute Name="groups"><saml:AttributeValue>a</saml:AttributeValue><saml:AttributeValue>b &amp; c</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>';
  try {
    var v = new Function('P', 'S', 'T', 'E', 'X', 'ORCID', 'SAML', 'return ' + src)(P, S, T, E, xmldom, ORCID, SAML);
    return { value: v === undefined ? '<undefined>' : JSON.parse(JSON.stringify(v)), problems: E };
  } catch (e) {
    return { error: e.name + ': ' + e.message, problems: E };
  }
};

var cases = [
  // The orcid recipe: prefixed tag names, second match, first child's value.
  'P(ORCID).getElementsByTagName("email:email").length',
  'P(ORCID).getElementsByTagName("email:email")[1].childNodes[0].nodeValue',
  'P(ORCID.replace(/\\n/g, "")).getElementsByTagName("email:email")[1] === undefined',
  'P("<email:emails xmlns:email=\\"urn:e\\"/>").getElementsByTagName("email:email")[1]',
  'P(ORCID).getElementsByTagName("email:email")[0].getAttribute("visibility")',
  'P(ORCID).getElementsByTagName("email:email")[0].textContent',
  'P(ORCID).getElementsByTagNameNS("http://www.orcid.org/ns/email", "email").length',
  'P(ORCID).getElementsByTagNameNS("*", "created-date")[0].textContent',
  'P(ORCID).getElementsByTagName("*").length',
  'P(ORCID).getElementsByTagName("email").length',
  'P(ORCID).documentElement.getElementsByTagName("email:emails").length',
  '(function(d){var e=d.documentElement; return [e.nodeName, e.tagName, e.localName, e.prefix, e.namespaceURI, e.nodeType, T(e.nodeValue), e.getAttribute("path")]})(P(ORCID))',
  '(function(d){return [d.nodeName, d.nodeType, T(d.nodeValue), T(d.textContent), d.childNodes.length, d.firstChild.nodeType, T(d.firstChild.nodeName), d.firstChild.target, d.firstChild.data]})(P(ORCID))',
  'S(P(ORCID))',
  'P(ORCID).toString() === S(P(ORCID))',
  // SAML-style uses.
  'P(SAML).getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")[0].textContent',
  'S(P(SAML).getElementsByTagName("saml:Assertion")[0])',
  'S(P(SAML).getElementsByTagName("saml:AttributeValue")[0])',
  'P(SAML).getElementsByTagName("saml:AttributeValue")[2].firstChild.data',
  'P(SAML).getElementsByTagName("saml:AttributeValue")[0].getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type")',
  'P(SAML).getElementsByTagName("saml:AttributeValue")[0].getAttributeNS("urn:none", "type")',
  '[].map.call(P(SAML).getElementsByTagName("saml:Attribute"), function(a){ return a.getAttribute("Name") + "=" + [].map.call(a.getElementsByTagName("saml:AttributeValue"), function(v){return v.textContent}).join("|") })',
  'P(SAML).getElementsByTagName("saml:Assertion")[0].lookupNamespaceURI("samlp")',
  'P(SAML).getElementsByTagName("saml:Assertion")[0].lookupPrefix("urn:oasis:names:tc:SAML:2.0:assertion")',
  'P(SAML).getElementsByTagName("saml:Assertion")[0].getAttributeNode("ID").value',
  'T(P(SAML).getElementsByTagName("saml:Assertion")[0].getAttributeNode("nope"))',
  'P(SAML).documentElement.hasAttribute("ID")',
  'P(SAML).documentElement.getAttribute("missing")',
  '(function(r){return [].map.call(r.attributes, function(a){return [a.name, T(a.namespaceURI), T(a.prefix), a.localName, a.value, a.nodeType, a.specified]})})(P(SAML).documentElement)',
  '(function(a){return [a.firstChild.nodeName, a.lastChild.nodeName, a.firstChild.nextSibling.nodeName, a.firstChild.previousSibling, a.parentNode.nodeName, a.hasChildNodes()]})(P(SAML).getElementsByTagName("saml:Assertion")[0])',
  'P(SAML).getElementById("_a1")',
  // Default and missing namespaces.
  '(function(d){var b=d.documentElement.firstChild; return [b.namespaceURI, b.prefix, b.localName, S(b), S(d.documentElement.lastChild)]})(P("<a xmlns=\\"urn:d\\"><b c=\\"1\\"/><p:q xmlns:p=\\"urn:q\\"/></a>"))',
  '(function(e){return [T(e.namespaceURI), e.prefix, e.localName]})(P("<n:e/>").documentElement)',
  '(function(e){return [T(e.namespaceURI), e.prefix, e.localName]})(P("<a/>").documentElement)',
  // Text, entities, CDATA, comments.
  'P("<a t=\\"&lt;&amp;&quot;&apos;&gt;\\">&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</a>").documentElement.textContent',
  'S(P("<a t=\\"&lt;&amp;&quot;&apos;&gt;\\">&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</a>"))',
  'S(P("<a t=\\"a>b&lt;c&quot;\'\\">]]&gt; &gt; &lt;</a>"))',
  '(function(d){var c=d.documentElement.childNodes; return [c.length, c[1].nodeType, c[1].nodeName, c[1].data, d.documentElement.textContent, S(d)]})(P("<a>x<![CDATA[<b>&]]>y</a>"))',
  'P("<a>x<!--c--><?p d?><![CDATA[y]]>z</a>").documentElement.textContent',
  'S(P("<a><!-- c --><?pi  data ?></a>"))',
  '(function(d){return [d.documentElement.textContent, S(d)]})(P("<a>x&foo;y</a>"))',
  'P("<a>&nbsp;&copy;</a>").documentElement.textContent',
  'S(P("<a>&nbsp;</a>", "text/html"))',
  'P("<a>&nbsp;</a>", "text/html").documentElement.namespaceURI',
  // Entity expansion is never performed: XXE and billion laughs.
  '(function(d){return [d.documentElement.textContent, S(d)]})(P("<?xml version=\\"1.0\\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \\"file:///etc/passwd\\">]><a>&xxe;</a>"))',
  '(function(d){return [d.documentElement.textContent, S(d)]})(P("<!DOCTYPE a [<!ENTITY l \\"lol\\"><!ENTITY l2 \\"&l;&l;&l;\\">]><a>&l2;</a>"))',
  '(function(d){var t=d.firstChild; return [t.nodeType, t.nodeName, t.name, t.publicId, t.systemId, d.doctype, S(d)]})(P("<!DOCTYPE html PUBLIC \\"-//W3C//DTD XHTML 1.0 Strict//EN\\" \\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\\"><html/>"))',
  // NodeList shapes.
  '(function(c){return [Array.isArray(c), Object.keys(c), c.item(1).nodeName, c.item(9), c.length]})(P("<a><b/><c/></a>").documentElement.childNodes)',
  '[].slice.call(P("<a><b/>t<c/></a>").documentElement.childNodes).map(function(n){return n.nodeName})',
  'String(P("<a><b>1</b><c/></a>").documentElement.childNodes)',
  '(function(a){return [a.children, a.childElementCount, a.firstElementChild]})(P("<a><b/></a>").documentElement)',
  'P("<a><b/></a>").getElementsByTagName("a").length + "," + P("<a><b/></a>").documentElement.getElementsByTagName("a").length',
  // Building and changing documents.
  '(function(d){var r=d.documentElement, e=d.createElement("n"); e.setAttribute("k", "v\\"<&"); e.appendChild(d.createTextNode("t<&>")); r.appendChild(e); var live=d.getElementsByTagName("n"); var l1=live.length; r.appendChild(d.createElement("n")); var l2=live.length; r.removeChild(e); return [S(e), l1, l2, live.length, r.childNodes.length, S(d)]})(P("<r><x/></r>"))',
  '(function(d){var e=d.documentElement; e.textContent="zz"; return [S(e), e.textContent, e.childNodes.length]})(P("<a><b/>x</a>"))',
  '(function(d){var r=d.documentElement; r.insertBefore(d.createComment("c"), r.firstChild); r.replaceChild(d.createElement("y"), r.lastChild); r.removeAttribute("q"); r.setAttributeNS("urn:n", "n:at", "1"); return S(d)})(P("<r q=\\"1\\"><x/></r>"))',
  '(function(d){var c=d.documentElement.cloneNode(true); c.setAttribute("z", "2"); return [S(c), S(d), c.parentNode, c.ownerDocument === d]})(P("<r a=\\"1\\"><x>t</x></r>"))',
  'S(P("<r><x/></r>").documentElement.cloneNode(false))',
  'S(new X.DOMImplementation().createDocument("urn:x", "p:root", null))',
  '(function(d){var a=d.createElementNS("urn:a", "a:x"); a.appendChild(d.createElementNS("urn:a", "a:y")); d.documentElement.appendChild(a); return S(d)})(P("<r/>"))',
  'S(P("<r xmlns:p=\\"urn:p\\"><p:x/><p:y/></r>").documentElement.lastChild)',
  // Malformed and invalid input.
  'T(P(""))',
  'T(P(null))',
  'T(P(5))',
  '(function(d){return [T(d.documentElement), d.childNodes.length, S(d)]})(P("hello"))',
  '(function(d){return [d.documentElement.nodeName, S(d)]})(P("<a><b></a>"))',
  'S(P("<a x=\\"1\\" x=\\"2\\"/>"))',
  '(function(){try{new X.DOMParser().parseFromString("<a x=\\"1\\" x=\\"2\\"/>"); return "no error"}catch(e){return [e.name, e.message]}})()',
  'T(new X.DOMParser({errorHandler:{warning:function(){}}}).parseFromString("<a>&x;</a>").documentElement.textContent)',
  '(function(d){return [d.childNodes.length, S(d)]})(P("<a/><b/>"))',
  '(function(d){return [d.childNodes.length, S(d)]})(P("<a/>tail"))',
  '(function(d){return [d.childNodes.length, S(d)]})(P("  <a/>"))',
];

if (require.main === module) {
  var xmldom = require('xmldom');
  var out = cases.map(function (src) { return { src: src, want: harness(src, xmldom) }; });
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
module.exports = { harness: harness, cases: cases };
