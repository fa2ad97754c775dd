#!/usr/bin/env python3
"""Writes differential.json: JMESPath expressions and whether the reference implementation (jmespath.py, `pip install
jmespath`) compiles them. JMESPathDifferentialTests holds our validator (reference dialect) to the same verdicts.

Expressions: the forms stage.json / json configs use, their typical mistakes, and seeded random token sequences over
the whole grammar (so the fixture is the same on every run). Run: python3 make_fixture.py > differential.json
"""
import json
import random
import sys
import warnings

import jmespath

warnings.simplefilter("ignore")

CURATED = [
    "severity", "attributes.level", '"session.id"', 'attributes."session.id"', "attributes.session_id",
    "session.id", "user.name", "attributes.user.id", "tags[0]", "tags[-1]", 'a."b\\"c"', " a . b ",
    "attributes['session.id']", 'attributes["session.id"]', 'attributes."session.id', "attributes.'session.id'",
    "'session.id'", "attr..x", "attr.", ".attr", "", " ", "a b", "thumbs-up", "-1", "a.1", "a.`1`", "`foo`",
    '`"foo"`', "`{\"a\": 1}`", "`[1, 2]`", "`1`", "`-1.5e3`", "`NaN`", "`tru`", "`\"a`", "to_string(a)",
    "length(a)", '"f"()', "a.b()", "(a)()", "a | b", "a || b", "a && b", "!a", "(a)", "&a", "@", "a[]", "a[*]",
    "a[*].b", "a.*", "a.*.b", "*", "[*]", "a[:2]", "a[::2]", "a[1:2:3]", "a[1:2:3:4]", "a[:]", "a[?b]",
    "a[?b == `1`]", "a[?x == 'y'].z", "{a: b}", "{a: b, c: d}", '{"a": b}', "{a}", "[a, b]", "a.[b, c]",
    "a.{c: d}", "a[0][1]", "a[0].b[1].c", "a == b", "a != b", "a < b", "a <= b", "a > b", "a >= b", "a = b",
    "a ! b", "a & b", "$", "$a", "a + b", "a * b", "a / b", "a % b", "let $x = a in $x", "`a\\`b`",
    "'it\\'s'", '"\\u0041"', '"\\x41"', '"a\tb"', "a[?@]", "a[].b", "a[]|[0]", "foo[?bar==`1`].baz",
    "reservations[*].instances[*].state", "people[?age > `20`].[name, age]", "sort_by(a, &b)", "a.b.c.d.e",
    "_private", "a_1", "1a", "A.B", "é", '"é"', "a[", "a]", "a[0", "a(", "a)", "a{", "a}", "a,b", "a:b",
]

TOKENS = [
    "a", "b", "foo", "_x", "let", "in", '"b"', '"s.id"', '""', "'r'", "''", "`1`", '`"s"`', "`x`", "`[1]`",
    "0", "1", "-1", "12", ".", "*", "[", "]", "[]", "[?", ",", ":", "@", "(", ")", "{", "}", "|", "||",
    "&&", "&", "!", "==", "!=", "<", "<=", ">", ">=", "=", "-", "+", "$", " ",
]


def grammar(rng, depth=0):
    """A random expression from the JMESPath grammar (valid by construction, mostly)."""
    leaf = ["a", "foo", "_b2", '"s.id"', '"q\\"x"', "@", "`1`", '`"t"`', "'raw'", "`[1,2]`", '`{"k": null}`']
    if depth > 2 or rng.random() < 0.3:
        return rng.choice(leaf)

    def e():
        return grammar(rng, depth + 1)

    pick = rng.choice
    forms = [
        lambda: e() + "." + pick(["a", '"k.k"', "*", "[a, b]", "{x: a}"]),
        lambda: e() + "[" + pick(["0", "-1", "*", ":", "1:", "::2", "1:2:3"]) + "]",
        lambda: e() + "[]",
        lambda: e() + " | " + e(),
        lambda: e() + " || " + e(),
        lambda: e() + " && " + e(),
        lambda: "!" + e(),
        lambda: "(" + e() + ")",
        lambda: "[" + e() + ", " + e() + "]",
        lambda: "{k: " + e() + ', "q": ' + e() + "}",
        lambda: e() + "[?" + e() + " " + pick(["==", "!=", "<", "<=", ">", ">="]) + " " + e() + "]",
        lambda: pick(["length", "sort_by", "to_string", "max_by"]) + "(" + e() + ", &" + e() + ")",
        lambda: "*." + e(),
        lambda: "[*]." + e(),
        lambda: "&" + e(),
    ]
    return pick(forms)()


def mutate(rng, expression):
    """One character dropped, doubled or swapped for another: the near misses configs contain."""
    if not expression:
        return "."
    i = rng.randrange(len(expression))
    choice = rng.random()
    if choice < 0.33:
        return expression[:i] + expression[i + 1:]
    if choice < 0.66:
        return expression[:i] + expression[i] + expression[i:]
    return expression[:i] + rng.choice(".[]'\"`|&!=(){},:*-$ ") + expression[i + 1:]


def verdict(expression):
    try:
        jmespath.compile(expression)
        return True
    except Exception:
        return False


def main():
    rng = random.Random(17)
    expressions = list(CURATED)
    seen = set(expressions)
    def add(expression):
        if expression not in seen:
            seen.add(expression)
            expressions.append(expression)
    while len(expressions) < 300:
        expression = grammar(rng)
        add(expression)
        add(mutate(rng, expression))
    while len(expressions) < 450:
        expression = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 7)))
        add(expression)
    cases = [{"expression": e, "valid": verdict(e)} for e in expressions]
    json.dump({"jmespath": jmespath.__version__, "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


main()
