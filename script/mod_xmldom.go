package script

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// Module xmldom (also required as @xmldom/xmldom): DOMParser, XMLSerializer
// and DOMImplementation with the node API and serialisation of xmldom 0.6.
//
// The document is tokenised in Go with encoding/xml (non-strict mode, so
// unknown entity references stay literal text as in xmldom) and the node tree
// is built in JavaScript. Well-formed documents give the same tree, node
// properties and serialisation as xmldom 0.6.0; malformed ones are reported
// through the errorHandler (console.error by default) and give the nodes read
// so far, which is close to, but not always the same as, xmldom's recovery.
//
// Hardening: no entity declared in a DTD is ever expanded (xmldom does not
// expand them either; the literal reference is kept and "entity not found"
// reported), external resources are never fetched, and a document is limited
// to xmlMaxBytes of source, xmlMaxDepth nesting and xmlMaxNodes nodes; beyond
// those parseFromString throws. Not reproduced: line breaks inside text are
// normalised to "\n" (xmldom keeps "\r\n"), getElementsByTagName lists refresh
// on length/item() like xmldom's but indexed access alone does not refresh,
// HTML parsing is XML parsing with HTML entities and the XHTML namespace, and
// the locator reports the position where the tokenizer stopped.

const (
	xmlMaxBytes = 4 << 20
	xmlMaxDepth = 256
	xmlMaxNodes = 50000
)

// Token kinds handed to the JavaScript tree builder (node types of the DOM).
const (
	xmlTokStart   = 1
	xmlTokText    = 3
	xmlTokCDATA   = 4
	xmlTokPI      = 7
	xmlTokComment = 8
	xmlTokDoctype = 10
	xmlTokEnd     = -1
)

func init() {
	registerModule("xmldom", loadXMLDOM)
	registerModule("@xmldom/xmldom", loadXMLDOM)
}

var xmldomProgram = builtinModule("xmldom", xmldomJS)

func loadXMLDOM(h host) (goja.Value, error) {
	return runJSModule(h, xmldomProgram, xmlNative(h.Runtime()))
}

// xmlNative is the bridge the XML modules (xmldom, xml2js) get:
// tokenize(src, html) returns {t: tokens, e: problems} (see xmlTokenize).
func xmlNative(rt *goja.Runtime) *goja.Object {
	n := rt.NewObject()
	_ = n.Set("tokenize", func(src string, html bool) goja.Value {
		res, err := xmlTokenize(src, html)
		if err != nil {
			panic(jsError(rt, "", err.Error()))
		}
		o := rt.NewObject()
		_ = o.Set("t", res.Tokens)
		_ = o.Set("e", res.Errors)
		return o
	})
	return n
}

// xmlTokens is the tokenizer's answer: a flat list of tokens whose nesting is
// always balanced, and the problems met, each [level, message, line, col].
type xmlTokens struct {
	Tokens []any
	Errors []any
}

var errXMLTooDeep = errors.New("xmldom: document nests elements deeper than " + strconv.Itoa(xmlMaxDepth))

// xmlTokenize reads src and returns its tokens. It returns an error only for
// the hardening limits (problems xmldom treats as fatal, such as a repeated
// attribute is reported as fatalError, with the last value kept); every other
// syntax problem ends tokenising and is reported in Errors.
func xmlTokenize(src string, html bool) (*xmlTokens, error) {
	if len(src) > xmlMaxBytes {
		return nil, errors.New("xmldom: document larger than " + strconv.Itoa(xmlMaxBytes) + " bytes")
	}
	d := xml.NewDecoder(strings.NewReader(src))
	d.Strict = false
	// The source is already a decoded JavaScript string, whatever its
	// declaration says.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if html {
		d.Entity = xml.HTMLEntity
	}
	out := &xmlTokens{Tokens: []any{}, Errors: []any{}}
	report := func(level, msg string) {
		line, col := d.InputPos()
		out.Errors = append(out.Errors, []any{level, msg, line, col})
	}
	var stack []string
	nodes := 0
	count := func() error {
		nodes++
		if nodes > xmlMaxNodes {
			return errors.New("xmldom: document has more than " + strconv.Itoa(xmlMaxNodes) + " nodes")
		}
		return nil
	}
	for {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			report("error", strings.TrimPrefix(err.Error(), "XML syntax error on line "+lineOf(err)+": "))
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= xmlMaxDepth {
				return nil, errXMLTooDeep
			}
			if err := count(); err != nil {
				return nil, err
			}
			name := xmlQName(t.Name)
			attrs := make([]any, 0, 2*len(t.Attr))
			seen := make(map[string]int, len(t.Attr))
			for _, a := range t.Attr {
				an := xmlQName(a.Name)
				if at, dup := seen[an]; dup {
					// xmldom reports a fatal error and keeps the last value.
					report("fatalError", "Attribute "+an+" redefined")
					attrs[at+1] = a.Value
					continue
				}
				seen[an] = len(attrs)
				attrs = append(attrs, an, a.Value)
			}
			out.Tokens = append(out.Tokens, xmlTokStart, name, attrs)
			stack = append(stack, name)
		case xml.EndElement:
			name := xmlQName(t.Name)
			i := len(stack) - 1
			for i >= 0 && stack[i] != name {
				i--
			}
			if i < 0 {
				report("error", "end tag name: "+name+" is not match the current start tagName:"+topOf(stack))
				continue
			}
			if i < len(stack)-1 {
				// xmldom's wording for an element closed by an ancestor's end tag.
				report("warning", "unclosed xml attribute")
			}
			for len(stack) > i {
				stack = stack[:len(stack)-1]
				out.Tokens = append(out.Tokens, xmlTokEnd)
			}
		case xml.CharData:
			if err := count(); err != nil {
				return nil, err
			}
			raw := src[min(int(start), len(src)):min(int(d.InputOffset()), len(src))]
			if strings.HasPrefix(raw, "<![CDATA[") {
				out.Tokens = append(out.Tokens, xmlTokCDATA, string(t))
				continue
			}
			for _, ref := range unknownEntities(raw, html) {
				report("error", "entity not found:"+ref)
			}
			out.Tokens = append(out.Tokens, xmlTokText, string(t))
		case xml.Comment:
			if err := count(); err != nil {
				return nil, err
			}
			out.Tokens = append(out.Tokens, xmlTokComment, string(t))
		case xml.ProcInst:
			if err := count(); err != nil {
				return nil, err
			}
			out.Tokens = append(out.Tokens, xmlTokPI, t.Target, strings.TrimSpace(string(t.Inst)))
		case xml.Directive:
			name, pub, sys, ok := parseDoctype(string(t))
			if !ok {
				continue
			}
			if err := count(); err != nil {
				return nil, err
			}
			out.Tokens = append(out.Tokens, xmlTokDoctype, name, pub, sys)
		}
	}
	if len(stack) > 0 {
		report("warning", "unclosed xml attribute")
		for range stack {
			out.Tokens = append(out.Tokens, xmlTokEnd)
		}
	}
	return out, nil
}

func topOf(stack []string) string {
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

// lineOf returns the line number of an *xml.SyntaxError as text.
func lineOf(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return strconv.Itoa(se.Line)
	}
	return ""
}

// xmlQName renders a raw (untranslated) name as written: prefix:local.
func xmlQName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// unknownEntities lists the entity references in raw text that the decoder
// left literal because it does not know them.
func unknownEntities(raw string, html bool) []string {
	var refs []string
	for i := strings.IndexByte(raw, '&'); i >= 0 && len(refs) < 16; {
		rest := raw[i+1:]
		j := strings.IndexByte(rest, ';')
		if j > 0 && rest[0] != '#' && isXMLName(rest[:j]) {
			name := rest[:j]
			known := false
			switch name {
			case "lt", "gt", "amp", "quot", "apos":
				known = true
			default:
				_, known = xml.HTMLEntity[name]
				known = known && html
			}
			if !known {
				refs = append(refs, "&"+name+";")
			}
		}
		k := strings.IndexByte(rest, '&')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return refs
}

func isXMLName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == ':' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80) {
			return false
		}
	}
	return true
}

// parseDoctype splits "DOCTYPE name PUBLIC "p" "s" [subset]" into its parts.
// As in xmldom 0.6, the identifiers keep their quotes and the internal subset
// is dropped (its entities are never used).
func parseDoctype(dir string) (name, pub, sys string, ok bool) {
	rest, found := strings.CutPrefix(dir, "DOCTYPE")
	if !found {
		return "", "", "", false
	}
	if i := strings.IndexByte(rest, '['); i >= 0 {
		rest = rest[:i]
	}
	var fields []string
	for s := strings.TrimSpace(rest); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' || s[0] == '\'' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				fields = append(fields, s)
				break
			}
			fields = append(fields, s[:end+2])
			s = s[end+2:]
			continue
		}
		end := strings.IndexAny(s, " \t\r\n\"'")
		if end < 0 {
			end = len(s)
		}
		fields = append(fields, s[:end])
		s = s[end:]
	}
	if len(fields) == 0 {
		return "", "", "", false
	}
	name = fields[0]
	switch {
	case len(fields) >= 3 && fields[1] == "PUBLIC":
		pub = fields[2]
		if len(fields) >= 4 {
			sys = fields[3]
		}
	case len(fields) >= 3 && fields[1] == "SYSTEM":
		sys = fields[2]
	}
	return name, pub, sys, true
}

const xmldomJS = `
var XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
var XML_NS = 'http://www.w3.org/XML/1998/namespace';
var HTML_NS = 'http://www.w3.org/1999/xhtml';
var ELEMENT_NODE = 1, ATTRIBUTE_NODE = 2, TEXT_NODE = 3, CDATA_SECTION_NODE = 4,
  PROCESSING_INSTRUCTION_NODE = 7, COMMENT_NODE = 8, DOCUMENT_NODE = 9,
  DOCUMENT_TYPE_NODE = 10, DOCUMENT_FRAGMENT_NODE = 11;
var NODE_TYPES = {ELEMENT_NODE: 1, ATTRIBUTE_NODE: 2, TEXT_NODE: 3, CDATA_SECTION_NODE: 4,
  ENTITY_REFERENCE_NODE: 5, ENTITY_NODE: 6, PROCESSING_INSTRUCTION_NODE: 7, COMMENT_NODE: 8,
  DOCUMENT_NODE: 9, DOCUMENT_TYPE_NODE: 10, DOCUMENT_FRAGMENT_NODE: 11, NOTATION_NODE: 12};

function DOMException(code, message) {
  var e = new Error(message);
  e.code = code;
  e.name = 'DOMException';
  return e;
}

// --- NodeList, LiveNodeList, NamedNodeMap ---

function NodeList() {}
NodeList.prototype = {
  length: 0,
  item: function (i) { return this[i] || null; },
  toString: function (isHTML, nodeFilter) {
    var buf = [];
    for (var i = 0; i < this.length; i++) serialize(this[i], buf, isHTML, nodeFilter);
    return buf.join('');
  }
};
function setItems(list, items) {
  for (var i = items.length; i < list.length; i++) delete list[i];
  for (var j = 0; j < items.length; j++) list[j] = items[j];
  list.length = items.length;
}

function LiveNodeList(node, collect) {
  this._node = node;
  this._collect = collect;
  this._inc = -1;
  refreshLive(this);
}
function refreshLive(list) {
  var doc = list._node.ownerDocument || list._node;
  if (list._inc !== doc._inc) {
    var items = [];
    list._collect(list._node, items);
    for (var i = items.length; i < list._len; i++) delete list[i];
    for (var j = 0; j < items.length; j++) list[j] = items[j];
    list._len = items.length;
    list._inc = doc._inc;
  }
}
LiveNodeList.prototype = Object.create(NodeList.prototype);
LiveNodeList.prototype.item = function (i) { refreshLive(this); return this[i] || null; };
Object.defineProperty(LiveNodeList.prototype, 'length', {
  get: function () { refreshLive(this); return this._len; }, configurable: true
});
Object.defineProperty(LiveNodeList.prototype, '_len', { value: 0, writable: true });
['_node', '_collect', '_inc'].forEach(function (k) {
  Object.defineProperty(LiveNodeList.prototype, k, { value: null, writable: true });
});

function NamedNodeMap() {}
NamedNodeMap.prototype = {
  length: 0,
  item: NodeList.prototype.item,
  getNamedItem: function (name) {
    for (var i = 0; i < this.length; i++) if (this[i].nodeName == name) return this[i];
  },
  getNamedItemNS: function (ns, localName) {
    for (var i = 0; i < this.length; i++) {
      var a = this[i];
      if (a.localName == localName && a.namespaceURI == ns) return a;
    }
    return null;
  },
  setNamedItem: function (attr) {
    var el = attr.ownerElement;
    if (el && el != this._ownerElement) throw DOMException(10, 'Attribute in use');
    var old = this.getNamedItem(attr.nodeName);
    addAttr(this, attr, old);
    return old;
  },
  setNamedItemNS: function (attr) {
    var el = attr.ownerElement;
    if (el && el != this._ownerElement) throw DOMException(10, 'Attribute in use');
    var old = this.getNamedItemNS(attr.namespaceURI, attr.localName);
    addAttr(this, attr, old);
    return old;
  },
  removeNamedItem: function (name) {
    var a = this.getNamedItem(name);
    if (!a) throw DOMException(8, 'Not found: ' + name);
    removeAttr(this, a);
    return a;
  },
  removeNamedItemNS: function (ns, localName) {
    var a = this.getNamedItemNS(ns, localName);
    if (!a) throw DOMException(8, 'Not found: ' + localName);
    removeAttr(this, a);
    return a;
  }
};
Object.defineProperty(NamedNodeMap.prototype, '_ownerElement', { value: null, writable: true });
function addAttr(map, attr, old) {
  var el = map._ownerElement;
  if (old) {
    for (var i = 0; i < map.length; i++) if (map[i] === old) { map[i] = attr; break; }
    old.ownerElement = null;
  } else {
    map[map.length++] = attr;
  }
  attr.ownerElement = el;
  if (el) {
    touch(el);
    if (attr.namespaceURI === XMLNS_NS) el._nsMap[attr.prefix ? attr.localName : ''] = attr.value;
  }
}
function removeAttr(map, attr) {
  var i = 0;
  while (i < map.length && map[i] !== attr) i++;
  if (i == map.length) return;
  for (; i < map.length - 1; i++) map[i] = map[i + 1];
  delete map[--map.length];
  attr.ownerElement = null;
  if (map._ownerElement) touch(map._ownerElement);
}

// --- Node ---

function Node() {}
Node.prototype = {
  firstChild: null, lastChild: null, previousSibling: null, nextSibling: null,
  attributes: null, parentNode: null, childNodes: null, ownerDocument: null,
  nodeValue: null, namespaceURI: null, prefix: null, localName: null,
  insertBefore: function (node, ref) { return insertBefore(this, node, ref); },
  replaceChild: function (node, old) {
    insertBefore(this, node, old);
    if (old) removeChild(this, old);
    return old;
  },
  removeChild: function (old) { return removeChild(this, old); },
  appendChild: function (node) { return insertBefore(this, node, null); },
  hasChildNodes: function () { return this.firstChild != null; },
  cloneNode: function (deep) { return cloneNode(this.ownerDocument || this, this, deep); },
  normalize: function () {
    var child = this.firstChild;
    while (child) {
      var next = child.nextSibling;
      if (next && next.nodeType == TEXT_NODE && child.nodeType == TEXT_NODE) {
        this.removeChild(next);
        child.appendData(next.data);
      } else {
        child.normalize();
        child = next;
      }
    }
  },
  isSupported: function (feature, version) { return false; },
  hasAttributes: function () { return this.attributes && this.attributes.length > 0; },
  lookupPrefix: function (ns) {
    var el = this;
    while (el) {
      var map = el._nsMap;
      if (map) for (var n in map) if (map[n] == ns) return n;
      el = el.nodeType == ATTRIBUTE_NODE ? el.ownerDocument : el.parentNode;
    }
    return null;
  },
  lookupNamespaceURI: function (prefix) {
    var el = this;
    while (el) {
      var map = el._nsMap;
      if (map && Object.prototype.hasOwnProperty.call(map, prefix)) return map[prefix];
      el = el.nodeType == ATTRIBUTE_NODE ? el.ownerDocument : el.parentNode;
    }
    return null;
  },
  isDefaultNamespace: function (ns) { return this.lookupPrefix(ns) == null; },
  toString: function (isHTML, nodeFilter) { return nodeToString(this, isHTML, nodeFilter); }
};
Object.defineProperty(Node.prototype, 'textContent', {
  configurable: true,
  get: function () {
    switch (this.nodeType) {
    case ELEMENT_NODE:
    case DOCUMENT_FRAGMENT_NODE:
      var buf = [];
      collectText(this, buf);
      return buf.join('');
    default:
      return this.nodeValue;
    }
  },
  set: function (data) {
    switch (this.nodeType) {
    case ELEMENT_NODE:
    case DOCUMENT_FRAGMENT_NODE:
      while (this.firstChild) this.removeChild(this.firstChild);
      if (data || String(data)) this.appendChild(this.ownerDocument.createTextNode(data));
      break;
    default:
      this.data = data;
      this.value = data;
      this.nodeValue = data;
    }
  }
});
function collectText(node, buf) {
  for (var c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType == ELEMENT_NODE || c.nodeType == DOCUMENT_FRAGMENT_NODE) collectText(c, buf);
    else if (c.nodeType != PROCESSING_INSTRUCTION_NODE && c.nodeType != COMMENT_NODE) buf.push(c.nodeValue);
  }
}
for (var k in NODE_TYPES) { Node[k] = NODE_TYPES[k]; Node.prototype[k] = NODE_TYPES[k]; }

function touch(node) {
  var doc = node.ownerDocument || node;
  doc._inc++;
}

function insertBefore(parent, node, ref) {
  if (node.nodeType == DOCUMENT_FRAGMENT_NODE) {
    var kids = [];
    for (var c = node.firstChild; c; c = c.nextSibling) kids.push(c);
    for (var i = 0; i < kids.length; i++) insertBefore(parent, kids[i], ref);
    return node;
  }
  for (var p = parent; p; p = p.parentNode) {
    if (p === node) throw DOMException(3, 'Hierarchy request error');
  }
  if (node.parentNode) removeChild(node.parentNode, node);
  var list = [];
  for (var c2 = parent.firstChild; c2; c2 = c2.nextSibling) list.push(c2);
  var at = ref ? list.indexOf(ref) : list.length;
  if (at < 0) throw DOMException(8, 'Not found');
  list.splice(at, 0, node);
  node.parentNode = parent;
  if (parent.nodeType == DOCUMENT_NODE && node.nodeType == ELEMENT_NODE && !parent.documentElement) {
    parent.documentElement = node;
  }
  relink(parent, list);
  return node;
}
function removeChild(parent, old) {
  var list = [];
  for (var c = parent.firstChild; c; c = c.nextSibling) if (c !== old) list.push(c);
  if (old.parentNode !== parent) throw DOMException(8, 'Not found');
  old.parentNode = null;
  old.previousSibling = null;
  old.nextSibling = null;
  if (parent.documentElement === old) parent.documentElement = null;
  relink(parent, list);
  return old;
}
function relink(parent, list) {
  for (var i = 0; i < list.length; i++) {
    list[i].previousSibling = list[i - 1] || null;
    list[i].nextSibling = list[i + 1] || null;
  }
  parent.firstChild = list[0] || null;
  parent.lastChild = list[list.length - 1] || null;
  setItems(parent.childNodes, list);
  touch(parent);
}
// appendFast links a new last child while building a parsed document.
function appendFast(parent, node) {
  var last = parent.lastChild;
  node.parentNode = parent;
  node.previousSibling = last;
  if (last) last.nextSibling = node; else parent.firstChild = node;
  parent.lastChild = node;
  var cn = parent.childNodes;
  cn[cn.length++] = node;
}

function newNodeList() { return new NodeList(); }

// --- Document and node kinds ---

function Document() {
  this.childNodes = newNodeList();
  this._inc = 1;
}
Document.prototype = Object.create(Node.prototype);
Object.assign(Document.prototype, {
  constructor: Document,
  nodeName: '#document', nodeType: DOCUMENT_NODE, doctype: null, documentElement: null,
  implementation: null, _inc: 1,
  getElementsByTagName: function (name) { return byTagName(this, name); },
  getElementsByTagNameNS: function (ns, localName) { return byTagNameNS(this, ns, localName); },
  getElementById: function (id) {
    var found = null;
    walk(this.documentElement, function (n) {
      if (n.nodeType == ELEMENT_NODE && n.getAttribute('id') == id) { found = n; return true; }
    });
    return found;
  },
  importNode: function (node, deep) { return importNode(this, node, deep); },
  createElement: function (tagName) {
    var el = new Element(this);
    el.nodeName = el.tagName = el.localName = tagName;
    return el;
  },
  createElementNS: function (ns, qname) {
    var el = new Element(this);
    var pl = splitQName(qname);
    el.nodeName = el.tagName = qname;
    el.namespaceURI = ns;
    el.prefix = pl[0];
    el.localName = pl[1];
    return el;
  },
  createDocumentFragment: function () {
    var f = new DocumentFragment();
    f.ownerDocument = this;
    f.childNodes = newNodeList();
    return f;
  },
  createTextNode: function (data) { return charNode(new Text(), this, data); },
  createComment: function (data) { return charNode(new Comment(), this, data); },
  createCDATASection: function (data) { return charNode(new CDATASection(), this, data); },
  createProcessingInstruction: function (target, data) {
    var pi = new ProcessingInstruction();
    pi.ownerDocument = this;
    pi.tagName = pi.target = target;
    pi.nodeValue = pi.data = data;
    return pi;
  },
  createAttribute: function (name) {
    var a = new Attr();
    a.ownerDocument = this;
    a.name = a.nodeName = a.localName = name;
    a.specified = true;
    return a;
  },
  createAttributeNS: function (ns, qname) {
    var a = new Attr();
    var pl = splitQName(qname);
    a.ownerDocument = this;
    a.nodeName = a.name = qname;
    a.namespaceURI = ns;
    a.specified = true;
    a.prefix = pl[0];
    a.localName = pl[1];
    return a;
  }
});
function splitQName(q) {
  var i = q.indexOf(':');
  return i > 0 ? [q.slice(0, i), q.slice(i + 1)] : [null, q];
}
function charNode(n, doc, data) {
  n.ownerDocument = doc;
  n.childNodes = newNodeList();
  n.data = n.nodeValue = String(data);
  n.length = n.data.length;
  return n;
}

function Element(doc) {
  this.ownerDocument = doc;
  this.attributes = new NamedNodeMap();
  this.attributes._ownerElement = this;
  this.childNodes = newNodeList();
  this._nsMap = {};
}
Element.prototype = Object.create(Node.prototype);
Object.assign(Element.prototype, {
  constructor: Element,
  nodeType: ELEMENT_NODE,
  hasAttribute: function (name) { return this.getAttributeNode(name) != null; },
  getAttribute: function (name) {
    var a = this.getAttributeNode(name);
    return a && a.value || '';
  },
  getAttributeNode: function (name) { return this.attributes.getNamedItem(name); },
  setAttribute: function (name, value) {
    var a = this.ownerDocument.createAttribute(name);
    a.value = a.nodeValue = '' + value;
    this.setAttributeNode(a);
  },
  removeAttribute: function (name) {
    var a = this.getAttributeNode(name);
    if (a) removeAttr(this.attributes, a);
  },
  setAttributeNode: function (a) { return this.attributes.setNamedItem(a); },
  setAttributeNodeNS: function (a) { return this.attributes.setNamedItemNS(a); },
  removeAttributeNode: function (a) { return this.attributes.removeNamedItem(a.nodeName); },
  removeAttributeNS: function (ns, localName) {
    var a = this.getAttributeNodeNS(ns, localName);
    if (a) removeAttr(this.attributes, a);
  },
  hasAttributeNS: function (ns, localName) { return this.getAttributeNodeNS(ns, localName) != null; },
  getAttributeNS: function (ns, localName) {
    var a = this.getAttributeNodeNS(ns, localName);
    return a && a.value || '';
  },
  setAttributeNS: function (ns, qname, value) {
    var a = this.ownerDocument.createAttributeNS(ns, qname);
    a.value = a.nodeValue = '' + value;
    this.setAttributeNode(a);
  },
  getAttributeNodeNS: function (ns, localName) { return this.attributes.getNamedItemNS(ns, localName); },
  getElementsByTagName: function (name) { return byTagName(this, name); },
  getElementsByTagNameNS: function (ns, localName) { return byTagNameNS(this, ns, localName); }
});

function DocumentFragment() {}
DocumentFragment.prototype = Object.create(Node.prototype);
Object.assign(DocumentFragment.prototype, { nodeName: '#document-fragment', nodeType: DOCUMENT_FRAGMENT_NODE });

function Attr() {}
Attr.prototype = Object.create(Node.prototype);
Attr.prototype.nodeType = ATTRIBUTE_NODE;

function CharacterData() {}
CharacterData.prototype = Object.create(Node.prototype);
Object.assign(CharacterData.prototype, {
  data: '',
  substringData: function (offset, count) { return this.data.substring(offset, offset + count); },
  appendData: function (text) { this.replaceData(this.data.length, 0, text); },
  insertData: function (offset, text) { this.replaceData(offset, 0, text); },
  deleteData: function (offset, count) { this.replaceData(offset, count, ''); },
  replaceData: function (offset, count, text) {
    var d = this.data;
    this.nodeValue = this.data = d.substring(0, offset) + text + d.substring(offset + count);
    this.length = this.data.length;
  },
  appendChild: function () { throw DOMException(3, 'Hierarchy request error'); }
});
function Text() {}
Text.prototype = Object.create(CharacterData.prototype);
Object.assign(Text.prototype, {
  nodeName: '#text', nodeType: TEXT_NODE,
  splitText: function (offset) {
    var text = this.data, rest = text.substring(offset);
    this.nodeValue = this.data = text.substring(0, offset);
    this.length = this.data.length;
    var n = this.ownerDocument.createTextNode(rest);
    if (this.parentNode) this.parentNode.insertBefore(n, this.nextSibling);
    return n;
  }
});
function Comment() {}
Comment.prototype = Object.create(CharacterData.prototype);
Object.assign(Comment.prototype, { nodeName: '#comment', nodeType: COMMENT_NODE });
function CDATASection() {}
CDATASection.prototype = Object.create(CharacterData.prototype);
Object.assign(CDATASection.prototype, { nodeName: '#cdata-section', nodeType: CDATA_SECTION_NODE });
function DocumentType() {}
DocumentType.prototype = Object.create(Node.prototype);
DocumentType.prototype.nodeType = DOCUMENT_TYPE_NODE;
function ProcessingInstruction() {}
ProcessingInstruction.prototype = Object.create(Node.prototype);
ProcessingInstruction.prototype.nodeType = PROCESSING_INSTRUCTION_NODE;

// walk calls fn on node's descendants in document order until it returns true.
function walk(node, fn) {
  if (!node) return false;
  for (var c = node.firstChild; c; c = c.nextSibling) {
    if (fn(c) || walk(c, fn)) return true;
  }
  return false;
}
function walkSelf(node, fn) {
  if (!node) return;
  if (fn(node)) return true;
  return walk(node, fn);
}
function byTagName(base, name) {
  return new LiveNodeList(base, function (node, items) {
    walk(node, function (n) {
      if (n.nodeType == ELEMENT_NODE && (name === '*' || n.tagName == name)) items.push(n);
    });
  });
}
function byTagNameNS(base, ns, localName) {
  return new LiveNodeList(base, function (node, items) {
    walk(node, function (n) {
      if (n.nodeType == ELEMENT_NODE && (ns === '*' || n.namespaceURI === ns) &&
          (localName === '*' || n.localName == localName)) items.push(n);
    });
  });
}

function importNode(doc, node, deep) {
  var copy;
  switch (node.nodeType) {
  case ELEMENT_NODE:
    copy = cloneNode(doc, node, false);
    copy.ownerDocument = doc;
    break;
  case DOCUMENT_FRAGMENT_NODE:
    break;
  case ATTRIBUTE_NODE:
    deep = true;
    break;
  }
  if (!copy) copy = cloneNode(doc, node, false);
  setOwner(copy, doc);
  if (deep) {
    for (var c = node.firstChild; c; c = c.nextSibling) copy.appendChild(importNode(doc, c, deep));
  }
  return copy;
}
function setOwner(node, doc) {
  walkSelf(node, function (n) { n.ownerDocument = doc; });
}
function cloneNode(doc, node, deep) {
  var copy = new node.constructor();
  for (var key in node) {
    if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
    var v = node[key];
    if (typeof v != 'object' || v === null) copy[key] = v;
  }
  if (node._nsMap) copy._nsMap = Object.assign({}, node._nsMap);
  if (node.childNodes) copy.childNodes = newNodeList();
  copy.ownerDocument = doc.nodeType == DOCUMENT_NODE ? doc : node.ownerDocument;
  if (node.nodeType == DOCUMENT_NODE) {
    copy.ownerDocument = null;
    copy._inc = 1;
    copy.implementation = node.implementation;
    doc = copy;
  }
  if (node.nodeType == ELEMENT_NODE) {
    copy.attributes = new NamedNodeMap();
    copy.attributes._ownerElement = copy;
    for (var i = 0; i < node.attributes.length; i++) {
      var a = cloneNode(doc, node.attributes[i], true);
      a.ownerElement = copy;
      copy.attributes[copy.attributes.length++] = a;
    }
    deep = deep;
  }
  if (deep) {
    for (var c = node.firstChild; c; c = c.nextSibling) {
      var cc = cloneNode(doc, c, true);
      appendFast(copy, cc);
      if (copy.nodeType == DOCUMENT_NODE && cc.nodeType == ELEMENT_NODE && !copy.documentElement) copy.documentElement = cc;
    }
  }
  return copy;
}
Element.prototype.constructor = Element;
Attr.prototype.constructor = Attr;
Text.prototype.constructor = Text;
Comment.prototype.constructor = Comment;
CDATASection.prototype.constructor = CDATASection;
DocumentType.prototype.constructor = DocumentType;
ProcessingInstruction.prototype.constructor = ProcessingInstruction;
DocumentFragment.prototype.constructor = DocumentFragment;
Document.prototype.constructor = Document;

// --- serialisation (XMLSerializer, Node.prototype.toString) ---

function escapeChar(c) {
  return c == '<' ? '&lt;' : c == '>' ? '&gt;' : c == '&' ? '&amp;' : c == '"' ? '&quot;' : '&#' + c.charCodeAt(0) + ';';
}
function nodeToString(node, isHTML, nodeFilter) {
  var buf = [];
  var ref = node.nodeType == DOCUMENT_NODE && node.documentElement || node;
  var uri = ref.namespaceURI, visible;
  if (uri && ref.prefix == null) {
    if (ref.lookupPrefix(uri) == null) visible = [{ namespace: uri, prefix: null }];
  }
  serialize(node, buf, isHTML, nodeFilter, visible);
  return buf.join('');
}
function needNamespaceDefine(node, visible) {
  var prefix = node.prefix || '';
  var uri = node.namespaceURI;
  if (!prefix && !uri) return false;
  if (prefix === 'xml' && uri === XML_NS || uri == XMLNS_NS) return false;
  for (var i = visible.length - 1; i >= 0; i--) {
    if (visible[i].prefix == prefix) return visible[i].namespace != uri;
  }
  return true;
}
function serialize(node, buf, isHTML, nodeFilter, visible) {
  if (nodeFilter) {
    node = nodeFilter(node);
    if (!node) return;
    if (typeof node == 'string') { buf.push(node); return; }
  }
  switch (node.nodeType) {
  case ELEMENT_NODE:
    // As xmldom 0.6 does, declarations seen in one subtree stay visible to
    // the following siblings.
    if (!visible) visible = [];
    var attrs = node.attributes, len = attrs.length, child = node.firstChild, name = node.tagName;
    isHTML = HTML_NS === node.namespaceURI || isHTML;
    buf.push('<', name);
    for (var i = 0; i < len; i++) {
      var a = attrs.item(i);
      if (a.prefix == 'xmlns') visible.push({ prefix: a.localName, namespace: a.value });
      else if (a.nodeName == 'xmlns') visible.push({ prefix: '', namespace: a.value });
    }
    for (var j = 0; j < len; j++) {
      var at = attrs.item(j);
      if (needNamespaceDefine(at, visible)) {
        var ap = at.prefix || '';
        buf.push(ap ? ' xmlns:' + ap : ' xmlns', '="', at.namespaceURI, '"');
        visible.push({ prefix: ap, namespace: at.namespaceURI });
      }
      serialize(at, buf, isHTML, nodeFilter, visible);
    }
    if (needNamespaceDefine(node, visible)) {
      var np = node.prefix || '', nu = node.namespaceURI;
      if (nu) {
        buf.push(np ? ' xmlns:' + np : ' xmlns', '="', nu, '"');
        visible.push({ prefix: np, namespace: nu });
      }
    }
    if (child || isHTML && !/^(?:meta|link|img|br|hr|input)$/i.test(name)) {
      buf.push('>');
      var raw = isHTML && /^script$/i.test(name);
      for (; child; child = child.nextSibling) {
        if (raw && child.data) buf.push(child.data);
        else serialize(child, buf, isHTML, nodeFilter, visible);
      }
      buf.push('</', name, '>');
    } else {
      buf.push('/>');
    }
    return;
  case DOCUMENT_NODE:
  case DOCUMENT_FRAGMENT_NODE:
    for (var c = node.firstChild; c; c = c.nextSibling) serialize(c, buf, isHTML, nodeFilter, visible);
    return;
  case ATTRIBUTE_NODE:
    buf.push(' ', node.name, '="', String(node.value).replace(/[<&"]/g, escapeChar), '"');
    return;
  case TEXT_NODE:
    buf.push(node.data.replace(/[<&]/g, escapeChar).replace(/]]>/g, ']]&gt;'));
    return;
  case CDATA_SECTION_NODE:
    buf.push('<![CDATA[', node.data, ']]>');
    return;
  case COMMENT_NODE:
    buf.push('<!--', node.data, '-->');
    return;
  case DOCUMENT_TYPE_NODE:
    buf.push('<!DOCTYPE ', node.name);
    if (node.publicId) {
      buf.push(' PUBLIC ', node.publicId);
      if (node.systemId && node.systemId != '.') buf.push(' ', node.systemId);
      buf.push('>');
    } else if (node.systemId && node.systemId != '.') {
      buf.push(' SYSTEM ', node.systemId, '>');
    } else {
      if (node.internalSubset) buf.push(' [', node.internalSubset, ']');
      buf.push('>');
    }
    return;
  case PROCESSING_INSTRUCTION_NODE:
    buf.push('<?', node.target, ' ', node.data, '?>');
    return;
  default:
    buf.push('??', node.nodeName);
  }
}

function XMLSerializer() {}
XMLSerializer.prototype.serializeToString = function (node, isHTML, nodeFilter) {
  return nodeToString(node, isHTML, nodeFilter);
};

// --- DOMImplementation ---

function DOMImplementation(features) { this._features = {}; }
DOMImplementation.prototype = {
  hasFeature: function (feature, version) { return true; },
  createDocument: function (ns, qname, doctype) {
    var doc = newDocument(this);
    if (doctype) doc.appendChild(doctype);
    if (qname) doc.appendChild(doc.createElementNS(ns, qname));
    return doc;
  },
  createDocumentType: function (qname, publicId, systemId) {
    var dt = new DocumentType();
    dt.name = dt.nodeName = qname;
    dt.publicId = publicId;
    dt.systemId = systemId;
    dt.childNodes = newNodeList();
    return dt;
  }
};
function newDocument(impl) {
  var doc = new Document();
  doc.implementation = impl;
  return doc;
}

// --- DOMParser ---

function DOMParser(options) { this.options = options || { locator: {} }; }
DOMParser.prototype.parseFromString = function (source, mimeType) {
  var options = this.options;
  var report = errorReporter(options);
  var isHTML = /\/x?html?$/.test(mimeType);
  if (!source || typeof source !== 'string') {
    report('error', 'invalid doc source', 0, undefined);
    return undefined;
  }
  var res = native.tokenize(source, isHTML);
  var doc = newDocument(new DOMImplementation());
  var defaultNS = isHTML ? HTML_NS : null;
  if (options.xmlns && typeof options.xmlns == 'object' && options.xmlns[''] != null) defaultNS = options.xmlns[''];
  build(doc, res.t, defaultNS);
  for (var i = 0; i < res.e.length; i++) {
    var e = res.e[i];
    report(e[0], e[1], e[2], e[3]);
  }
  return doc;
};

function ParseError(message) {
  this.message = message;
}
ParseError.prototype = Object.create(Error.prototype);
ParseError.prototype.constructor = ParseError;
ParseError.prototype.name = 'ParseError';

// errorReporter follows xmldom: a function handler receives (level, message)
// when it declares two parameters and (message) otherwise; an object handler's
// missing levels are ignored; without a handler warnings and errors go to the
// console and a fatal error throws a ParseError.
function errorReporter(options) {
  var h = options.errorHandler;
  var withLocator = !!options.locator;
  return function (level, msg, line, col) {
    var text = '[xmldom ' + level + ']\t' + msg;
    var where = '\n@' + '#[line:' + (withLocator ? line : undefined) + ',col:' + (withLocator ? col : undefined) + ']';
    if (typeof h == 'function') {
      if (h.length == 2) h(level, text + where); else h(text + where);
      return;
    }
    if (h && typeof h == 'object') {
      if (typeof h[level] == 'function') h[level](text + where);
      return;
    }
    if (level == 'fatalError') throw new ParseError(msg);
    if (typeof console != 'undefined') {
      (level == 'warning' ? console.warn : console.error)(text, where);
    }
  };
}

// build turns the tokenizer's balanced token list into nodes, resolving
// namespace prefixes the way xmldom's SAX handler does.
function build(doc, t, defaultNS) {
  var parent = doc;
  var nsStack = [{ xml: XML_NS, '': defaultNS }];
  var i = 0, n = t.length;
  while (i < n) {
    var kind = t[i];
    switch (kind) {
    case 1:
      var qname = t[i + 1], raw = t[i + 2];
      i += 3;
      var el = new Element(doc);
      el.nodeName = el.tagName = qname;
      var scope = nsStack[nsStack.length - 1], own = null;
      for (var a = 0; a < raw.length; a += 2) {
        var an = raw[a];
        if (an === 'xmlns' || an.slice(0, 6) === 'xmlns:') {
          if (!own) own = Object.create(scope);
          own[an === 'xmlns' ? '' : an.slice(6)] = raw[a + 1];
          el._nsMap[an === 'xmlns' ? '' : an.slice(6)] = raw[a + 1];
        }
      }
      if (own) scope = own;
      nsStack.push(scope);
      var pl = splitQName(qname);
      el.prefix = pl[0];
      el.localName = pl[1];
      el.namespaceURI = pl[0] ? scope[pl[0]] : scope[''] || undefined;
      if (el.namespaceURI === null) el.namespaceURI = undefined;
      for (var b = 0; b < raw.length; b += 2) {
        var attr = new Attr();
        var aq = raw[b], ap = splitQName(aq);
        attr.ownerDocument = doc;
        attr.nodeName = attr.name = aq;
        attr.nodeValue = attr.value = raw[b + 1];
        attr.specified = true;
        attr.ownerElement = el;
        if (aq === 'xmlns') {
          attr.prefix = null;
          attr.localName = 'xmlns';
          attr.namespaceURI = XMLNS_NS;
        } else {
          attr.prefix = ap[0];
          attr.localName = ap[1];
          attr.namespaceURI = ap[0] === 'xmlns' ? XMLNS_NS : ap[0] ? scope[ap[0]] : undefined;
        }
        el.attributes[el.attributes.length++] = attr;
      }
      appendFast(parent, el);
      if (parent === doc && !doc.documentElement) doc.documentElement = el;
      parent = el;
      break;
    case -1:
      nsStack.pop();
      parent = parent.parentNode;
      i += 1;
      break;
    case 3:
    case 4:
    case 8:
      var node = kind == 3 ? new Text() : kind == 4 ? new CDATASection() : new Comment();
      node.ownerDocument = doc;
      node.nodeValue = node.data = t[i + 1];
      node.length = node.data.length;
      appendFast(parent, node);
      i += 2;
      break;
    case 7:
      var pi = new ProcessingInstruction();
      pi.ownerDocument = doc;
      pi.tagName = pi.target = t[i + 1];
      pi.nodeValue = pi.data = t[i + 2];
      appendFast(parent, pi);
      i += 3;
      break;
    case 10:
      var dt = new DocumentType();
      dt.ownerDocument = doc;
      dt.name = dt.nodeName = t[i + 1];
      if (t[i + 2]) dt.publicId = t[i + 2];
      if (t[i + 3]) dt.systemId = t[i + 3];
      appendFast(parent, dt);
      i += 4;
      break;
    default:
      throw new Error('xmldom: internal token ' + kind);
    }
  }
}

exports.DOMParser = DOMParser;
exports.XMLSerializer = XMLSerializer;
exports.DOMImplementation = DOMImplementation;
`
