package script

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLodashMatchesNode(t *testing.T) {
	// Expected output produced by (lodash 4.17.21, Node 20):
	//   cd /tmp/npmref && node -e "const _=require('lodash'); const r={...same object...}; console.log(JSON.stringify(r))"
	const want = `{"plain":[true,false,false,true,false],"get":[3,"d",1],"has":[true,false],"set":{"a":{"b":[null,{"c":5}]}},"pick":{"a":1,"c":{"d":1}},"omit":{"a":1},"merge":{"a":{"b":1,"c":[3,2],"d":2}},"defaults":{"a":1,"b":3},"map":["a1","b2"],"filter":[{"x":2}],"find":{"id":1},"str":["fooBarBazQux","foo_bar_baz_qux","Hello","x","x","some-http-thing"],"arr":[[1,2,"1"],[1,2,[3]],[1,2],null,2,true,true],"empty":[true,true,true,true,false,true],"keys":[{"a!":1},{"a":2}],"red":6,"some":[true,false]}`
	got := runJSON(t, `
const _=require('lodash');
const r={plain:[_.isPlainObject({a:1}),_.isPlainObject(null),_.isPlainObject([]),_.isPlainObject(Object.create(null)),_.isPlainObject(new Date())],
get:[_.get({a:{b:[{c:3}]}},'a.b[0].c'),_.get({a:1},'x.y','d'),_.get({a:{'k.y':1}},['a','k.y'])],
has:[_.has({a:{b:1}},'a.b'),_.has({a:{}},'a.b')],set:_.set({},'a.b[1].c',5),
pick:_.pick({a:1,b:2,c:{d:1}},['a','c.d']),omit:_.omit({a:1,b:2,c:3},'b',['c']),
merge:_.merge({a:{b:1,c:[1,2]}},{a:{d:2,c:[3]}}),defaults:_.defaults({a:1},{a:2,b:3}),
map:_.map({a:1,b:2},(v,k)=>k+v),filter:_.filter([{x:1},{x:2}],{x:2}),find:_.find([{id:1},{id:2}],'id'),
str:[_.camelCase('Foo Bar_baz-qux'),_.snakeCase('fooBar BazQux'),_.capitalize('hELLO'),_.trim('  x '),_.trim('--x--','-'),_.kebabCase('someHTTPThing')],
arr:[_.uniq([1,2,1,'1']),_.flatten([1,[2,[3]]]),_.compact([0,1,'',null,2]),_.first([]),_.last([1,2]),_.includes([1,NaN],NaN),_.includes('abc','b')],
empty:[_.isEmpty({}),_.isEmpty([]),_.isEmpty(''),_.isEmpty(5),_.isEmpty({a:1}),_.isEmpty(null)],
keys:[_.mapKeys({a:1},(v,k)=>k+'!'),_.mapValues({a:1},v=>v*2)],red:_.reduce([1,2,3],(s,v)=>s+v),some:[_.some([1,2],v=>v>1),_.every([1,2],v=>v>1)]};
r`)
	assert.JSONEq(t, want, got)
}
