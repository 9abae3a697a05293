package script

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// The module's functions are made on first read; to a script the module is
// an ordinary object holding all of them from the start.
func TestLodashMembersMadeOnFirstRead(t *testing.T) {
	got := runJSON(t, `
const _ = require('lodash');
const keys = Object.keys(_);
const r = {
  n: keys.length, first: keys.slice(0, 3), aliasOrder: [keys.indexOf('each') < keys.indexOf('forEach'), keys.indexOf('head') < keys.indexOf('first')],
  ownBeforeRead: [_.hasOwnProperty('map'), 'cloneDeep' in _, Object.getOwnPropertyNames(_).length === keys.length],
  aliases: [_.each === _.forEach, _.head === _.first, _.entries === _.toPairs, _.assignIn === _.extend],
  sameEachRead: _.map === _.map,
  version: _.VERSION,
};
_.forEach = 'replaced';
r.aliasKeptAfterReplace = typeof _.each;
_.get = function () { return 'mine'; };
r.replacedBeforeFirstRead = _.iteratee('a')({a: 1});
delete _.map;
r.deleted = [typeof _.map, keys.length - Object.keys(_).length];
_.mine = 1;
const after = Object.keys(_);
r.added = [after[after.length - 1], after.length];
r.stillMade = _.sum([1, 2, 3]);
r.forIn = (function () { var n = 0; for (var k in _) n++; return n; })();
r`)
	assert.JSONEq(t, `{"n":105,"first":["isPlainObject","isString","isNumber"],"aliasOrder":[true,true],
"ownBeforeRead":[true,true,true],"aliases":[true,true,true,true],"sameEachRead":true,"version":"4.17.21",
"aliasKeptAfterReplace":"function","replacedBeforeFirstRead":"mine","deleted":["undefined",1],
"added":["mine",105],"stillMade":6,"forIn":105}`, got)
}

// Each invocation has its own module object.
func TestLodashNotShared(t *testing.T) {
	s, err := New().Compile(`function (a, ctx, cb) { var _ = require('lodash'); var before = typeof _.map; _.map = a; cb(null, before); }`)
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		r, err := s.FetchUserProfile(context.Background(), "x", nil)
		require.NoError(t, err)
		assert.Equal(t, "function", r.Value)
	}
}
