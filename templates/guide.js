// prereq guide page: the questionnaire that personalises guide.html in the
// reader's browser. It decides every section, step and `::: when` block from
// the reader's answers exactly as `prereq build` does from a site file with
// the same answers: the conditions come compiled, as the trees that
// internal/cond exports (see internal/cond/tree.go), and are evaluated here
// with expr's semantics. The page never asks a server anything.
//
// The first half is the evaluator, which tests drive on its own
// (window.prereqGuide.evaluate); the second drives the page.
(function () {
  "use strict";

  // ---- The evaluator ------------------------------------------------------
  //
  // Values are as expr sees them: integers (literals, len) are BigInt and
  // wrap at 64 bits, numbers (facts, division) are floats, strings, booleans,
  // arrays, null. An operation expr would fail on throws a Failure; reading
  // a fact the reader has not answered throws a Pending.

  function Failure(message) {
    this.message = message;
  }

  function Pending(fact) {
    this.fact = fact;
  }

  function fail(message) {
    throw new Failure(message);
  }

  var MIN_INT = -(2n ** 63n);

  function isNum(v) {
    return typeof v === "number" || typeof v === "bigint";
  }

  function wrap(v) {
    return BigInt.asIntN(64, v);
  }

  function kind(v) {
    if (v === null) {
      return "nil";
    }
    if (Array.isArray(v)) {
      return "array";
    }
    return typeof v;
  }

  // cmpStrings compares by code point, as Go compares UTF-8 bytes.
  function cmpStrings(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i);
      var y = b.charCodeAt(i);
      if (x !== y) {
        return codeOrder(x) < codeOrder(y) ? -1 : 1;
      }
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  // codeOrder moves surrogates above the rest of the BMP: the code points
  // they stand for are above U+FFFF.
  function codeOrder(u) {
    if (u >= 0xd800 && u <= 0xdfff) {
      return u + 0x2000;
    }
    return u >= 0xe000 ? u - 0x800 : u;
  }

  // runeCount is len() of a string: its number of code points.
  function runeCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
        i++;
      }
      n++;
    }
    return n;
  }

  function equal(a, b) {
    if (isNum(a) && isNum(b)) {
      if (typeof a === "bigint" && typeof b === "bigint") {
        return a === b;
      }
      return Number(a) === Number(b);
    }
    var ka = kind(a);
    if (ka !== kind(b)) {
      return false;
    }
    if (ka === "array") {
      if (a.length !== b.length) {
        return false;
      }
      for (var i = 0; i < a.length; i++) {
        if (!equal(a[i], b[i])) {
          return false;
        }
      }
      return true;
    }
    return a === b; // strings, booleans, nil
  }

  // compare returns <0, 0 or >0, or fails where expr's < does.
  function compare(op, a, b) {
    if (typeof a === "bigint" && typeof b === "bigint") {
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (isNum(a) && isNum(b)) {
      var x = Number(a);
      var y = Number(b);
      if (x !== x || y !== y) {
        return NaN; // every comparison with NaN is false
      }
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (typeof a === "string" && typeof b === "string") {
      return cmpStrings(a, b);
    }
    return fail("invalid operation: " + kind(a) + " " + op + " " + kind(b));
  }

  function arith(op, a, b) {
    if (typeof a === "bigint" && typeof b === "bigint") {
      switch (op) {
        case "+":
          return wrap(a + b);
        case "-":
          return wrap(a - b);
        case "*":
          return wrap(a * b);
        case "/":
          return Number(a) / Number(b);
        case "%":
          if (b === 0n) {
            return fail("integer divide by zero");
          }
          return a % b;
      }
    }
    if (isNum(a) && isNum(b) && op !== "%") {
      var x = Number(a);
      var y = Number(b);
      switch (op) {
        case "+":
          return x + y;
        case "-":
          return x - y;
        case "*":
          return x * y;
        case "/":
          return x / y;
      }
    }
    if (op === "+" && typeof a === "string" && typeof b === "string") {
      return a + b;
    }
    return fail("invalid operation: " + kind(a) + " " + op + " " + kind(b));
  }

  // toIndex is expr's conversion of an index to an int; a float that no
  // int holds becomes the smallest int, as Go's conversion does on amd64.
  function toIndex(v) {
    if (typeof v === "bigint") {
      return v;
    }
    if (typeof v === "number") {
      if (v !== v || v >= 9223372036854775807 || v < -9223372036854775808) {
        return MIN_INT;
      }
      return BigInt(Math.trunc(v));
    }
    return fail("invalid operation: int(" + kind(v) + ")");
  }

  // toInt is expr's int(): a number converted (a float truncated), a
  // string read as strconv.Atoi does.
  function toInt(v) {
    if (typeof v === "string") {
      if (!/^[+-]?[0-9]+$/.test(v)) {
        return fail("invalid operation: int(" + v + ")");
      }
      var i = BigInt(v);
      if (i !== wrap(i)) {
        return fail("invalid operation: int(" + v + ")");
      }
      return i;
    }
    if (isNum(v)) {
      return toIndex(v);
    }
    return fail("invalid operation: int(" + kind(v) + ")");
  }

  function fetch(from, i) {
    if (!Array.isArray(from)) {
      return fail("cannot fetch from " + kind(from));
    }
    var n = BigInt(from.length);
    var at = toIndex(i);
    if (at < 0n) {
      at += n;
    }
    if (at < 0n || at >= n) {
      return fail("index out of range: " + at + " (array length is " + n + ")");
    }
    return from[Number(at)];
  }

  function slice(from, lo, hi) {
    if (!Array.isArray(from)) {
      return fail("cannot slice " + kind(from));
    }
    var n = BigInt(from.length);
    var a = lo === undefined ? 0n : toIndex(lo);
    var b = hi === undefined ? n : toIndex(hi);
    if (a < 0n) {
      a += n;
    }
    if (a < 0n) {
      a = 0n;
    }
    if (b < 0n) {
      b += n;
    }
    if (b < 0n) {
      b = 0n;
    }
    if (b > n) {
      b = n;
    }
    if (a > b) {
      a = b;
    }
    return from.slice(Number(a), Number(b));
  }

  function within(set, needle) {
    if (needle === null) {
      return set.has(set.kind === "i" ? 0n : "");
    }
    if (set.kind === "i" ? typeof needle !== "bigint" : typeof needle !== "string") {
      return fail("cannot look up " + kind(needle) + " in a set");
    }
    return set.has(needle);
  }

  function member(needle, haystack) {
    if (haystack === null) {
      return false;
    }
    if (haystack instanceof Set) {
      return within(haystack, needle);
    }
    if (!Array.isArray(haystack)) {
      return fail('operator "in" not defined on ' + kind(haystack));
    }
    for (var i = 0; i < haystack.length; i++) {
      if (equal(haystack[i], needle)) {
        return true;
      }
    }
    return false;
  }

  function bool(v) {
    if (typeof v !== "boolean") {
      return fail("not a boolean: " + kind(v));
    }
    return v;
  }

  function strings(op, a, b) {
    if (a === null || b === null) {
      return false;
    }
    if (typeof a !== "string" || typeof b !== "string") {
      return fail("invalid operation: " + kind(a) + " " + op + " " + kind(b));
    }
    switch (op) {
      case "contains":
        return a.indexOf(b) >= 0;
      case "startsWith":
        return a.slice(0, b.length) === b;
      default:
        return b.length <= a.length && a.slice(a.length - b.length) === b;
    }
  }

  function floatOf(v) {
    switch (v) {
      case "+Inf":
        return Infinity;
      case "-Inf":
        return -Infinity;
      case "NaN":
        return NaN;
    }
    return v;
  }

  // sets caches the Set of each ["set", …] node.
  var sets = new WeakMap();

  function constantSet(n) {
    var s = sets.get(n);
    if (!s) {
      s = new Set(n[1] === "i" ? n[2].map(BigInt) : n[2]);
      s.kind = n[1];
      sets.set(n, s);
    }
    return s;
  }

  // A scope holds the element a predicate looks at (#) and let variables.
  function scopeWith(scope, item, name, value) {
    var next = { item: scope.item, vars: scope.vars, hasItem: scope.hasItem };
    if (name === undefined) {
      next.item = item;
      next.hasItem = true;
    } else {
      next.vars = Object.create(scope.vars);
      next.vars[name] = value;
    }
    return next;
  }

  function list(v) {
    if (!Array.isArray(v)) {
      return fail("cannot iterate over " + kind(v));
    }
    return v;
  }

  // ev evaluates an exported expression for the answers in facts.
  function ev(n, facts, scope) {
    var op = n[0];
    var a;
    var b;
    var i;
    var items;
    var out;
    switch (op) {
      case "v":
        if (n[1] in scope.vars) {
          return scope.vars[n[1]];
        }
        if (!Object.prototype.hasOwnProperty.call(facts, n[1]) || facts[n[1]] === undefined) {
          throw new Pending(n[1]);
        }
        return facts[n[1]];
      case "i":
        return BigInt(n[1]);
      case "f":
        return floatOf(n[1]);
      case "s":
      case "b":
        return n[1];
      case "nil":
        return null;
      case "#":
        return scope.item;
      case "set":
        return constantSet(n);
      case "not":
        return !bool(ev(n[1], facts, scope));
      case "neg":
        a = ev(n[1], facts, scope);
        if (typeof a === "bigint") {
          return wrap(-a);
        }
        if (typeof a === "number") {
          return -a;
        }
        return fail("invalid operation: - " + kind(a));
      case "and":
        return bool(ev(n[1], facts, scope)) ? ev(n[2], facts, scope) : false;
      case "or":
        return bool(ev(n[1], facts, scope)) ? true : ev(n[2], facts, scope);
      case "==":
        return equal(ev(n[1], facts, scope), ev(n[2], facts, scope));
      case "!=":
        return !equal(ev(n[1], facts, scope), ev(n[2], facts, scope));
      case "<":
        return compare(op, ev(n[1], facts, scope), ev(n[2], facts, scope)) < 0;
      case "<=":
        return compare(op, ev(n[1], facts, scope), ev(n[2], facts, scope)) <= 0;
      case ">":
        return compare(op, ev(n[1], facts, scope), ev(n[2], facts, scope)) > 0;
      case ">=":
        return compare(op, ev(n[1], facts, scope), ev(n[2], facts, scope)) >= 0;
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
        return arith(op, ev(n[1], facts, scope), ev(n[2], facts, scope));
      case "in":
        a = ev(n[1], facts, scope);
        return member(a, ev(n[2], facts, scope));
      case "contains":
      case "startsWith":
      case "endsWith":
        a = ev(n[1], facts, scope);
        return strings(op, a, ev(n[2], facts, scope));
      case "arr":
        out = [];
        for (i = 1; i < n.length; i++) {
          out.push(ev(n[i], facts, scope));
        }
        return out;
      case "idx":
        a = ev(n[1], facts, scope);
        return fetch(a, ev(n[2], facts, scope));
      case "slice":
        a = ev(n[1], facts, scope);
        b = n[3] === null ? undefined : ev(n[3], facts, scope);
        return slice(a, n[2] === null ? undefined : ev(n[2], facts, scope), b);
      case "?":
        return bool(ev(n[1], facts, scope)) ? ev(n[2], facts, scope) : ev(n[3], facts, scope);
      case "len":
        a = ev(n[1], facts, scope);
        if (Array.isArray(a)) {
          return BigInt(a.length);
        }
        if (typeof a === "string") {
          return BigInt(runeCount(a));
        }
        return fail("invalid argument for len (type " + kind(a) + ")");
      case "int":
        return toInt(ev(n[1], facts, scope));
      case "float":
        a = ev(n[1], facts, scope);
        if (!isNum(a)) {
          return fail("invalid operation: float(" + kind(a) + ")");
        }
        return Number(a);
      case "let":
        a = ev(n[2], facts, scope);
        return ev(n[3], facts, scopeWith(scope, undefined, n[1], a));
      case "seq":
        for (i = 1; i < n.length; i++) {
          out = ev(n[i], facts, scope);
        }
        return out;
    }
    // The builtins that loop over a list.
    items = list(ev(n[1], facts, scope));
    var test = function (item) {
      return ev(n[2], facts, scopeWith(scope, item));
    };
    var count = 0;
    switch (op) {
      case "all":
        for (i = 0; i < items.length; i++) {
          if (!bool(test(items[i]))) {
            return false;
          }
        }
        return true;
      case "none":
        for (i = 0; i < items.length; i++) {
          if (bool(test(items[i]))) {
            return false;
          }
        }
        return true;
      case "any":
        for (i = 0; i < items.length; i++) {
          if (bool(test(items[i]))) {
            return true;
          }
        }
        return false;
      case "one":
        for (i = 0; i < items.length; i++) {
          if (bool(test(items[i]))) {
            count++;
          }
        }
        return count === 1;
      case "map":
        return items.map(test);
      case "filter":
        out = [];
        for (i = 0; i < items.length; i++) {
          if (bool(test(items[i]))) {
            out.push(n[3] === null ? items[i] : ev(n[3], facts, scopeWith(scope, items[i])));
          }
        }
        return out;
      case "count":
        var threshold = n[3] === null ? -1 : Number(n[3]);
        for (i = 0; i < items.length; i++) {
          if (bool(n[2] === null ? items[i] : test(items[i]))) {
            count++;
            if (count === threshold) {
              break;
            }
          }
        }
        return BigInt(count);
      case "find":
        for (i = 0; i < items.length; i++) {
          if (bool(test(items[i]))) {
            return n[3] === null ? items[i] : ev(n[3], facts, scopeWith(scope, items[i]));
          }
        }
        return n[4] ? fail("reflect: slice index out of range") : null;
    }
    return fail("unknown node " + op);
  }

  var topScope = { item: undefined, vars: Object.create(null), hasItem: false };

  // evaluate evaluates an exported expression; facts maps fact names to
  // values. It throws a Failure or a Pending.
  function evaluate(tree, facts) {
    return ev(tree, facts, topScope);
  }

  // decide evaluates a condition's Why tree to a boolean, as cond.Run
  // does: a result that is not a boolean fails.
  function decide(w, facts) {
    if (w.e !== undefined) {
      return bool(evaluate(w.e, facts));
    }
    switch (w.op) {
      case "and":
        return decide(w.k[0], facts) ? decide(w.k[1], facts) : false;
      case "or":
        return decide(w.k[0], facts) ? true : decide(w.k[1], facts);
      default:
        return !decide(w.k[0], facts);
    }
  }

  // outcome is decide, with a failure taken as false (Eval in cond).
  function outcome(w, facts) {
    try {
      return decide(w, facts);
    } catch (e) {
      if (e instanceof Failure || e instanceof Pending) {
        return false;
      }
      throw e;
    }
  }

  // causes returns the facts that make w evaluate to got, as cond's
  // Causes: {fact}, or {fact, member, has} where a leaf `"x" in list`
  // decided; each once.
  function causes(w, facts, got) {
    var out = [];
    var add = function (list) {
      list.forEach(function (c) {
        var seen = out.some(function (o) {
          return o.fact === c.fact && o.member === c.member && o.has === c.has;
        });
        if (!seen) {
          out.push(c);
        }
      });
    };
    switch (w.op) {
      case "not":
        return causes(w.k[0], facts, !got);
      case "and":
      case "or":
        var deciding = (w.op === "and" && !got) || (w.op === "or" && got);
        for (var i = 0; i < w.k.length; i++) {
          var kv = outcome(w.k[i], facts);
          if (deciding && kv === got) {
            return causes(w.k[i], facts, kv);
          }
          add(causes(w.k[i], facts, kv));
        }
        return out;
      default:
        if (w.m) {
          return [{ fact: w.f[0], member: w.m, has: got }];
        }
        return (w.f || []).map(function (name) {
          return { fact: name, member: "", has: false };
        });
    }
  }

  // blame is the facts of causes, each once (cond's Blame).
  function blame(w, facts, got) {
    var out = [];
    causes(w, facts, got).forEach(function (c) {
      if (out.indexOf(c.fact) < 0) {
        out.push(c.fact);
      }
    });
    return out;
  }

  // formatFloat is strconv.FormatFloat(x, 'f', -1, 64).
  function formatFloat(x) {
    if (x === Infinity) {
      return "+Inf";
    }
    if (x === -Infinity) {
      return "-Inf";
    }
    if (x !== x) {
      return "NaN";
    }
    if (x === 0) {
      return Object.is(x, -0) ? "-0" : "0";
    }
    var s = String(x);
    var m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
    if (!m) {
      return s;
    }
    var digits = m[2] + (m[3] || "");
    var point = m[2].length + parseInt(m[4], 10);
    if (point <= 0) {
      return m[1] + "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length) {
      return m[1] + digits + "0".repeat(point - digits.length);
    }
    return m[1] + digits.slice(0, point) + "." + digits.slice(point);
  }

  var printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
  var escapes = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v" };

  function hex(c, width) {
    var h = c.toString(16);
    return "0".repeat(Math.max(0, width - h.length)) + h;
  }

  // quote is strconv.Quote.
  function quote(s) {
    var out = '"';
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (ch === '"' || ch === "\\") {
        out += "\\" + ch;
      } else if (printable.test(ch)) {
        out += ch;
      } else if (escapes[c]) {
        out += escapes[c];
      } else if (c < 0x80) {
        out += "\\x" + hex(c, 2);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        out += "\\ufffd"; // a lone surrogate: Go would hold U+FFFD
      } else if (c < 0x10000) {
        out += "\\u" + hex(c, 4);
      } else {
        out += "\\U" + hex(c, 8);
      }
    }
    return out + '"';
  }

  // literal is facts.Literal: a value as site.toml writes it.
  function literal(v) {
    if (typeof v === "boolean") {
      return String(v);
    }
    if (typeof v === "number") {
      return formatFloat(v);
    }
    if (typeof v === "string") {
      return quote(v);
    }
    if (Array.isArray(v)) {
      return "[" + v.map(quote).join(", ") + "]";
    }
    return String(v);
  }

  // format is facts.Format: a value as {{ }} shows it.
  function format(v) {
    if (typeof v === "boolean") {
      return v ? "yes" : "no";
    }
    if (typeof v === "number") {
      return formatFloat(v);
    }
    if (Array.isArray(v)) {
      return v.join(", ");
    }
    return v === null || v === undefined ? "" : String(v);
  }

  var api = {
    evaluate: evaluate,
    decide: decide,
    causes: causes,
    blame: blame,
    literal: literal,
    format: format,
    Failure: Failure,
    Pending: Pending
  };
  window.prereqGuide = api;

  // ---- The page -------------------------------------------------------------
  //
  // The page is the whole guide, every step to do. The reader's answers live
  // in the address's fragment, with serve's query syntax
  // (#existing_app=true&consent_items=a,b&service.name=Acme), and in the
  // form; each answer re-decides the page at once.

  var root = document.querySelector("[data-guide]");
  var dataEl = document.getElementById("guide-data");
  if (!root || !dataEl) {
    return; // the evaluator alone
  }
  var data = JSON.parse(dataEl.textContent);
  var form = document.getElementById("questions");
  var declared = {};
  data.facts.forEach(function (d) {
    declared[d.name] = d;
  });
  var answers = {}; // fact name -> the reader's answer, typed
  var service = "";
  var team = {}; // role id -> who holds it, as site.toml's [team]
  var roles = {};
  (data.roles || []).forEach(function (r) {
    roles[r.id] = r;
  });

  function text(key) {
    return data.t[key] || "";
  }

  // fill formats "%s", "%d" and "%[N]s" / "%[N]d" as Go's fmt does for
  // the interface text.
  function fill(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    var next = 0;
    return template.replace(/%(?:\[(\d+)\])?[sd]/g, function (m, n) {
      var i = n ? parseInt(n, 10) - 1 : next;
      next = i + 1;
      return i < args.length ? String(args[i]) : m;
    });
  }

  function quoted(q) {
    return "\u201c" + q + "\u201d";
  }

  // ---- Answers: parsing as serve's query overrides do (facts.parseText) ----

  function parseAnswer(d, s) {
    switch (d.type) {
      case "bool":
        switch (s.toLowerCase()) {
          case "true":
          case "yes":
          case "1":
          case "on":
            return true;
          case "false":
          case "no":
          case "0":
          case "off":
            return false;
        }
        return undefined;
      case "number":
        var t = s.trim();
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
          return undefined;
        }
        var f = Number(t);
        return isFinite(f) ? f : undefined;
      case "list":
        var out = [];
        var bad = false;
        s.split(",").forEach(function (part) {
          part = part.trim();
          if (part === "") {
            return;
          }
          if (d.values && d.values.indexOf(part) < 0) {
            bad = true;
          }
          out.push(part);
        });
        return bad ? undefined : out;
      default:
        if (d.values && d.values.indexOf(s) < 0) {
          return undefined;
        }
        return s;
    }
  }

  // answerText is the inverse of parseAnswer (facts.QueryText).
  function answerText(v) {
    if (Array.isArray(v)) {
      return v.join(",");
    }
    if (typeof v === "number") {
      return formatFloat(v);
    }
    return String(v);
  }

  function decodePart(s) {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch (e) {
      return null;
    }
  }

  // readFragment takes the answers from the address.
  function readFragment() {
    answers = {};
    service = "";
    team = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq <= 0) {
        return;
      }
      var name = decodePart(part.slice(0, eq));
      var value = decodePart(part.slice(eq + 1));
      if (name === null || value === null) {
        return;
      }
      if (name === "service.name") {
        service = value;
        return;
      }
      if (name.indexOf("team.") === 0 && roles[name.slice(5)]) {
        if (value !== "") {
          team[name.slice(5)] = value;
        }
        return;
      }
      var d = declared[name];
      if (!d) {
        return;
      }
      var v = parseAnswer(d, value);
      if (v !== undefined) {
        answers[name] = v;
      }
    });
  }

  function encodePart(s) {
    return encodeURIComponent(s);
  }

  var fragmentTimer = null;

  // writeFragment puts the answers in the address soon: browsers make each
  // history.replaceState cost milliseconds, and throttle many in a row.
  function writeFragment() {
    clearTimeout(fragmentTimer);
    fragmentTimer = setTimeout(flushFragment, 250);
  }

  // flushFragment puts the answers in the address now, keeping the ticks
  // of a shared link that checklist.js has not merged yet.
  function flushFragment() {
    clearTimeout(fragmentTimer);
    fragmentTimer = null;
    var parts = [];
    data.facts.forEach(function (d) {
      if (!(d.name in answers)) {
        return;
      }
      var v = answers[d.name];
      parts.push(encodePart(d.name) + "=" + (Array.isArray(v) ? v.map(encodePart).join(",") : encodePart(answerText(v))));
    });
    if (service !== "") {
      parts.push("service.name=" + encodePart(service));
    }
    (data.roles || []).forEach(function (r) {
      if (team[r.id]) {
        parts.push("team." + encodePart(r.id) + "=" + encodePart(team[r.id]));
      }
    });
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (part.indexOf("done=") === 0) {
        parts.push(part);
      }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash) {
      try {
        history.replaceState(null, "", location.pathname + location.search + hash);
      } catch (e) { /* file:// in some browsers: the answers stay in the form */ }
    }
    langLinks(hash);
  }

  // langLinks makes the language switch carry the answers (and ticks) to
  // the guide page in another language.
  function langLinks(hash) {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-lang-link]"), function (a) {
      var href = a.getAttribute("href").split("#")[0] + hash;
      if (a.getAttribute("href") !== href) {
        a.setAttribute("href", href);
      }
    });
  }

  // ---- The form -------------------------------------------------------------

  function controls(name) {
    return form ? Array.prototype.slice.call(form.querySelectorAll('[name="' + name + '"]')) : [];
  }

  // showAnswers sets the form to the answers, defaults where unanswered.
  function showAnswers() {
    var name = document.getElementById("q-service-name");
    if (name) {
      name.value = service;
    }
    (data.roles || []).forEach(function (r) {
      controls("team." + r.id).forEach(function (c) {
        c.value = team[r.id] || "";
      });
    });
    data.facts.forEach(function (d) {
      var has = d.name in answers;
      var v = has ? answers[d.name] : d.hasDefault ? d.default : undefined;
      controls(d.name).forEach(function (c) {
        switch (c.type) {
          case "radio":
            c.checked = v !== undefined && c.value === answerText(v);
            break;
          case "checkbox":
            c.checked = Array.isArray(v) && v.indexOf(c.value) >= 0;
            break;
          default:
            c.value = v === undefined ? "" : answerText(v);
        }
      });
    });
  }

  // readControl returns the answer a fact's controls give, or undefined.
  function readControl(d) {
    var cs = controls(d.name);
    if (cs.length === 0) {
      return undefined;
    }
    if (cs[0].type === "checkbox") {
      return cs.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    }
    if (cs[0].type === "radio") {
      var on = cs.filter(function (c) { return c.checked; })[0];
      return on ? parseAnswer(d, on.value) : undefined;
    }
    var s = cs[0].value;
    if (s === "" && d.type !== "string" && d.type !== "list") {
      return undefined;
    }
    if (s === "" && cs[0].tagName === "SELECT") {
      return undefined;
    }
    return parseAnswer(d, s);
  }

  // facts returns the facts as a site file with the answers would give
  // them: the answer, else the default; undefined for a fact without either.
  function facts() {
    var out = {};
    data.facts.forEach(function (d) {
      if (d.name in answers) {
        out[d.name] = answers[d.name];
      } else if (d.hasDefault) {
        out[d.name] = d.default;
      }
    });
    return out;
  }

  // ---- Deciding -------------------------------------------------------------

  // judge decides a condition for the facts: {ok: true|false} when
  // decided, {pending: [fact…]} when it reads a fact not answered yet,
  // {failed: message} when it fails as expr would.
  function judge(src, values, memo) {
    if (memo[src]) {
      return memo[src];
    }
    var c = data.conds[src];
    var r;
    try {
      r = { ok: decide(c.w, values) };
    } catch (e) {
      if (e instanceof Pending) {
        r = { pending: (c.f || []).filter(function (name) { return values[name] === undefined; }) };
      } else if (e instanceof Failure) {
        r = { failed: e.message };
      } else {
        throw e;
      }
    }
    memo[src] = r;
    return r;
  }

  // answerWords words a fact's value as an answer, as render's reasons
  // do: Yes or No, a list's members joined, "none" for an empty one.
  function answerWords(v) {
    if (typeof v === "boolean") {
      return text(v ? "answerYes" : "answerNo");
    }
    if ((Array.isArray(v) && v.length === 0) || v === "") {
      return text("answerNone");
    }
    return format(v);
  }

  // reasonFor words why a condition is false, as plan.decide and render's
  // reasons do: by the deciding facts' questions and the answers (a
  // skip_reason is on the page already).
  function reasonFor(src, values) {
    var cs = causes(data.conds[src].w, values, false);
    if (cs.length === 0) {
      return text("reasonNoFact");
    }
    return fill(text("reasonGenerated"), cs.map(function (c) {
      var q = declared[c.fact] ? declared[c.fact].q : c.fact;
      if (c.member) {
        return fill(text(c.has ? "reasonHas" : "reasonLacks"), q, c.member);
      }
      return fill(text("reasonAnswer"), q, answerWords(values[c.fact]));
    }).join(text("reasonAnd")));
  }

  function questionsOf(names) {
    return names.map(function (n) {
      return quoted(declared[n] ? declared[n].q : n);
    }).join(", ");
  }

  function setAttr(el, name, value) {
    if (value === null) {
      if (el.hasAttribute(name)) {
        el.removeAttribute(name);
      }
    } else if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function setText(el, s) {
    if (el && el.textContent !== s) {
      el.textContent = s;
    }
  }

  function setHidden(el, hidden) {
    if (el && el.hidden !== hidden) {
      el.hidden = hidden;
    }
  }

  // noteText is what an item's flag adds: on what answer it depends, or
  // why it cannot be decided; "" when it is decided.
  function noteText(r) {
    if (r && r.pending) {
      return fill(text("pending"), questionsOf(r.pending));
    }
    if (r && r.failed) {
      return fill(text("failed"), r.failed);
    }
    return "";
  }

  // note shows noteText in an item's flag, if it changed.
  function note(item, r) {
    var s = noteText(r);
    if (!item.flag || item.note === s) {
      return;
    }
    item.note = s;
    var n = item.flag.querySelector(".pending-note");
    if (s === "") {
      if (n) {
        n.remove();
      }
      return;
    }
    if (!n) {
      n = document.createElement("span");
      n.className = "pending-note";
      item.flag.appendChild(n);
    }
    n.classList.toggle("is-failed", !!r.failed);
    setText(n, s);
  }

  var page = null; // the page's elements, read once, and what they show

  function flagOf(el) {
    return el.querySelector(":scope > .flag");
  }

  // keepSkipReason keeps the skip_reason the page holds for an item (its
  // cross-references are links), to show it when the item is skipped.
  function keepSkipReason(item) {
    item.shownReason = "";
    if (item.el.hasAttribute("data-skip-reason") && item.reasonText) {
      item.skip = Array.prototype.map.call(item.reasonText.childNodes, function (n) {
        return n.cloneNode(true);
      });
      item.shownReason = itemKey(item);
    }
  }

  function itemKey(item) {
    return (item.steps ? "section:" : "step:") + item.id;
  }

  // showReason puts a reason in an item: text, or the skip_reason of
  // an item (its own, or its section's).
  function showReason(item, reason) {
    var key = typeof reason === "string" ? "text:" + reason : itemKey(reason);
    if (item.shownReason === key || !item.reasonText) {
      return;
    }
    item.shownReason = key;
    if (typeof reason === "string") {
      item.reasonText.textContent = reason;
    } else {
      item.reasonText.replaceChildren.apply(item.reasonText, reason.skip.map(function (n) {
        return n.cloneNode(true);
      }));
    }
  }

  function readPage() {
    page = { sections: [], steps: {}, order: [], blocks: [], values: {} };
    Array.prototype.forEach.call(root.querySelectorAll("[data-section]"), function (el) {
      var s = { el: el, id: el.getAttribute("data-section"), when: el.getAttribute("data-when"), reason: el.querySelector(":scope > [data-reason]"), flag: flagOf(el), note: "", steps: [] };
      s.reasonText = s.reason && s.reason.querySelector("[data-reason-text]");
      keepSkipReason(s);
      Array.prototype.forEach.call(el.querySelectorAll("[data-step]"), function (sel) {
        var st = {
          el: sel,
          id: sel.getAttribute("data-step"),
          section: s,
          when: sel.getAttribute("data-when"),
          role: sel.getAttribute("data-role"),
          reason: sel.querySelector(":scope > [data-reason]"),
          reasonText: sel.querySelector(":scope > [data-reason] [data-reason-text]"),
          flag: flagOf(sel),
          note: "",
          num: sel.querySelector(".step-num"),
          box: sel.querySelector("input[data-check]"),
          after: Array.prototype.slice.call(sel.querySelectorAll("[data-after-list] [data-ref]")),
          afterList: sel.querySelector("[data-after-list]"),
          shown: "todo|"
        };
        keepSkipReason(st);
        s.steps.push(st);
        page.steps[st.id] = st;
        page.order.push(st);
      });
      page.sections.push(s);
    });
    page.blocks = Array.prototype.map.call(root.querySelectorAll(".when[data-when]"), function (el) {
      return { el: el, when: el.getAttribute("data-when"), flag: flagOf(el), note: "", hidden: false };
    });
    Array.prototype.forEach.call(root.querySelectorAll("var[data-value]"), function (el) {
      var name = el.getAttribute("data-value");
      (page.values[name] = page.values[name] || { els: [], text: null }).els.push(el);
    });
    page.refs = Array.prototype.slice.call(root.querySelectorAll(".summary [data-ref]"));

    page.roles = Array.prototype.slice.call(root.querySelectorAll("[data-role-count]"));
    page.holders = Array.prototype.slice.call(root.querySelectorAll("[data-holder]"));
    page.roleLists = Array.prototype.slice.call(root.querySelectorAll("[data-role-steps]"));
    page.rules = Array.prototype.slice.call(root.querySelectorAll("[data-rule]"));
    page.nav = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-nav]"), function (li) {
      page.nav[li.getAttribute("data-nav")] = li;
    });
  }

  // plan decides every section and step for the facts, as plan.Make does.
  function plan(values) {
    var memo = {};
    var reasons = {};
    // reason is an item's skip_reason (the item, whose page holds it), or
    // the reason its condition gives.
    var reason = function (item) {
      if (item.skip) {
        return item;
      }
      if (!(item.when in reasons)) {
        reasons[item.when] = reasonFor(item.when, values);
      }
      return reasons[item.when];
    };
    var out = { steps: {}, sections: {}, todo: 0, skipped: 0, pending: 0, roles: {}, memo: memo };
    page.sections.forEach(function (s) {
      var sr = s.when ? judge(s.when, values, memo) : { ok: true };
      var sec = { status: sr.ok === false ? "skipped" : "todo", r: sr, reason: "" };
      if (sr.ok === false) {
        sec.reason = reason(s);
      }
      out.sections[s.id] = sec;
      s.steps.forEach(function (st) {
        var r = sec.status === "skipped" ? sr : st.when ? judge(st.when, values, memo) : { ok: true };
        var d = { status: r.ok === false ? "skipped" : "todo", r: r, reason: "" };
        if (sec.status === "skipped") {
          d.reason = sec.reason;
        } else if (r.ok === false) {
          d.reason = reason(st);
        }
        if (d.status === "todo") {
          out.todo++;
          if (r.pending || sr.pending) {
            out.pending++;
          }
          if (st.role) {
            out.roles[st.role] = (out.roles[st.role] || 0) + 1;
          }
        } else {
          out.skipped++;
        }
        out.steps[st.id] = d;
      });
    });
    return out;
  }

  // show puts a plan on the page, touching only what changed since the
  // last one: a long guide re-decides in a few milliseconds.
  function show(p, values) {
    var n = 0;
    page.sections.forEach(function (s) {
      var sec = p.sections[s.id];
      setAttr(s.el, "data-status", sec.status);
      if (sec.status === "skipped") {
        showReason(s, sec.reason);
      }
      setHidden(s.reason, sec.status !== "skipped");
      note(s, sec.r);
      if (page.nav[s.id]) {
        page.nav[s.id].classList.toggle("is-skipped", sec.status === "skipped");
      }
      s.steps.forEach(function (st) {
        var d = p.steps[st.id];
        var todo = d.status === "todo";
        if (todo) {
          n++;
        }
        note(st, st.when && sec.status === "todo" ? d.r : null);
        var shown = d.status + "|" + (todo ? n : typeof d.reason === "string" ? d.reason : itemKey(d.reason));
        if (st.shown === shown) {
          return;
        }
        st.shown = shown;
        setAttr(st.el, "data-status", d.status);
        if (!todo) {
          showReason(st, d.reason);
        }
        setHidden(st.reason, todo);
        setText(st.num, todo ? n + ". " : "");
        if (st.box) {
          st.box.disabled = !todo;
          setHidden(st.box, !todo);
        }
      });
    });
    page.order.forEach(function (st) {
      if (!st.afterList) {
        return;
      }
      var key = st.after.map(function (ref) {
        var dep = p.steps[ref.getAttribute("data-ref")];
        return dep ? dep.status : "";
      }).join(",");
      if (st.afterKey === key) {
        return;
      }
      st.afterKey = key;
      var first = true;
      st.after.forEach(function (ref) {
        var dep = p.steps[ref.getAttribute("data-ref")];
        var visible = !!dep && dep.status === "todo";
        setHidden(ref, !visible);
        setHidden(ref.querySelector(".sep"), first);
        if (visible) {
          first = false;
        }
      });
      setHidden(st.afterList, first);
    });
    page.blocks.forEach(function (b) {
      var r = judge(b.when, values, p.memo);
      if (b.hidden !== (r.ok === false)) {
        b.hidden = r.ok === false;
        setHidden(b.el, b.hidden);
      }
      note(b, r);
    });
    Object.keys(page.values).forEach(function (name) {
      var entry = page.values[name];
      var v = name === "service.name" ? (service === "" ? undefined : service) : values[name];
      var s = v === undefined ? (name === "service.name" ? text("yourService") : name) : format(v);
      var unanswered = v === undefined && name !== "service.name";
      if (entry.text === s && entry.unanswered === unanswered) {
        return;
      }
      entry.text = s;
      entry.unanswered = unanswered;
      entry.els.forEach(function (el) {
        setText(el, s);
        el.classList.toggle("is-unanswered", unanswered);
      });
    });
    // Links to a step or section say when it is not needed, as on
    // index.html.
    Array.prototype.forEach.call(root.querySelectorAll("a.xref"), function (a) {
      var m = /^#(step|section)-(.*)$/.exec(a.getAttribute("href") || "");
      var d = m && (m[1] === "step" ? p.steps[decodePart(m[2])] : p.sections[decodePart(m[2])]);
      var skipped = !!d && d.status === "skipped";
      if (skipped === a.classList.contains("xref-skipped")) {
        return;
      }
      a.classList.toggle("xref-skipped", skipped);
      var note = a.querySelector(".xref-note");
      if (skipped && !note) {
        note = document.createElement("span");
        note.className = "xref-note";
        note.textContent = " " + text("refSkipped");
        a.appendChild(note);
      } else if (!skipped && note) {
        note.remove();
      }
    });
    showSummary(p, values);
  }

  function showSummary(p, values) {
    var stat = function (cls, value) {
      setText(root.querySelector(".summary ." + cls + " .stat-n"), String(value));
    };
    stat("stat-todo", p.todo);
    stat("stat-skipped", p.skipped);
    stat("stat-pending", p.pending);
    setHidden(root.querySelector(".summary .stat-pending"), p.pending === 0);
    page.roles.forEach(function (el) {
      setText(el.querySelector(".stat-n"), String(p.roles[el.getAttribute("data-role-count")] || 0));
    });
    var anyRole = false;
    page.roleLists.forEach(function (el) {
      var k = p.roles[el.getAttribute("data-role-steps")] || 0;
      setHidden(el, k === 0);
      anyRole = anyRole || k > 0;
      setText(el.querySelector(".role-count"), fill(text(k === 1 ? "roleStepCount.one" : "roleStepCount"), k));
    });
    setHidden(document.getElementById("roles"), !anyRole);
    // Who holds each role, as index.html shows a site file's [team].
    page.holders.forEach(function (el) {
      var holder = team[el.getAttribute("data-holder")] || "";
      var name = el.querySelector(".badge-holder") || el;
      setText(name, holder);
      setHidden(el, holder === "");
    });
    page.refs.forEach(function (li) {
      var d = p.steps[li.getAttribute("data-ref")];
      setHidden(li, !d || d.status !== "todo");
    });
    var waits = document.getElementById("waits");
    if (waits) {
      setHidden(waits, !waits.querySelector("li[data-ref]:not([hidden])"));
    }
    var broken = 0;
    data.rules.forEach(function (rule, i) {
      var r = judge(rule.c, values, p.memo);
      var el = page.rules[i];
      if (!el) {
        return;
      }
      setHidden(el, r.ok !== false && !r.failed);
      if (r.ok === false || r.failed) {
        broken++;
      }
    });
    setHidden(document.getElementById("guide-rules"), broken === 0);
    data.facts.forEach(function (d) {
      var note = root.querySelector('[data-note-for="' + d.name + '"]');
      setHidden(note, values[d.name] !== undefined);
    });
  }

  var announceTimer = null;

  // announce says the new counts in the polite live region, once the
  // reader pauses.
  function announce(p) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      var s = fill(text(p.todo === 1 ? "statusOne" : "status"), p.todo, p.skipped);
      if (p.pending > 0) {
        s += " " + fill(text("pendingMore"), p.pending);
      }
      setText(document.getElementById("guide-status"), s);
    }, 400);
  }

  var last = null;

  // update re-decides the page for the current answers.
  function update(spoken) {
    var values = facts();
    last = plan(values);
    show(last, values);
    if (window.prereqChecklist) {
      window.prereqChecklist.update();
    }
    if (spoken) {
      announce(last);
    }
  }

  // ---- The site file --------------------------------------------------------

  function tomlString(s) {
    var out = '"';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var ch = s.charAt(i);
      if (ch === '"' || ch === "\\") {
        out += "\\" + ch;
      } else if (c === 8) {
        out += "\\b";
      } else if (c === 9) {
        out += "\\t";
      } else if (c === 10) {
        out += "\\n";
      } else if (c === 12) {
        out += "\\f";
      } else if (c === 13) {
        out += "\\r";
      } else if (c < 0x20 || c === 0x7f) {
        out += "\\u" + hex(c, 4);
      } else {
        out += ch;
      }
    }
    return out + '"';
  }

  function tomlValue(v) {
    if (typeof v === "boolean") {
      return String(v);
    }
    if (typeof v === "number") {
      var s = String(v);
      if (!Number.isSafeInteger(v) && !/[.e]/.test(s)) {
        s += ".0"; // a float: an integer this large does not fit TOML's
      }
      return s;
    }
    if (Array.isArray(v)) {
      return "[" + v.map(tomlString).join(", ") + "]";
    }
    return tomlString(String(v));
  }

  function comment(s) {
    return "# " + String(s).replace(/[\r\n]+/g, " ");
  }

  // siteTOML is the answers as a site file that prereq check accepts and
  // that builds the same checklist: each question as a comment.
  function siteTOML() {
    var lines = [comment(fill(text("siteHead"), data.title)), ""];
    if (data.language) {
      lines.push("language = " + tomlString(data.language), "");
    }
    lines.push("[service]", "name = " + tomlString(service), "", "[facts]");
    data.facts.forEach(function (d) {
      lines.push(comment(d.q));
      if (d.name in answers) {
        lines.push(d.name + " = " + tomlValue(answers[d.name]));
      } else if (d.hasDefault) {
        lines.push(d.name + " = " + tomlValue(d.default));
      } else {
        lines.push("# " + d.name + " = ? (" + text("unanswered") + ")");
      }
    });
    if ((data.roles || []).length > 0) {
      lines.push("", "[team]");
      data.roles.forEach(function (r) {
        lines.push(comment(fill(text("teamHolder"), r.label)));
        lines.push((team[r.id] ? "" : "# ") + r.id + " = " + tomlString(team[r.id] || ""));
      });
    }
    return lines.join("\n") + "\n";
  }

  function say(s) {
    setText(document.getElementById("answers-status"), s);
  }

  function download() {
    if (service.trim() === "") {
      say(text("needName"));
      var field = document.getElementById("q-service-name");
      if (field) {
        field.focus();
      }
      return;
    }
    var blob = new Blob([siteTOML()], { type: "application/toml" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "site.toml";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 0);
    say(text("downloaded"));
  }

  // ---- Events ---------------------------------------------------------------

  function onAnswer(e) {
    var c = e.target;
    if (!c || !c.name || !form || !form.contains(c)) {
      return;
    }
    if (c.name === "service.name") {
      service = c.value;
    } else if (c.name.indexOf("team.") === 0 && roles[c.name.slice(5)]) {
      if (c.value === "") {
        delete team[c.name.slice(5)];
      } else {
        team[c.name.slice(5)] = c.value;
      }
    } else {
      var d = declared[c.name];
      if (!d) {
        return;
      }
      var v = readControl(d);
      if (v === undefined) {
        delete answers[d.name];
      } else {
        answers[d.name] = v;
      }
    }
    writeFragment();
    update(true);
  }

  if (form) {
    form.addEventListener("input", onAnswer);
    form.addEventListener("change", onAnswer);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
    });
  }

  // The link checklist.js copies is the address: bring it up to date
  // first (a capturing listener runs before checklist.js's).
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    if (t && fragmentTimer !== null && t.closest("#copy-link, a[data-lang-link]")) {
      flushFragment();
    } else if (t && t.closest("a[data-lang-link]")) {
      langLinks(location.hash);
    }
  }, true);

  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    if (!t) {
      return;
    }
    if (t.closest("#download-site")) {
      download();
    }
    if (t.closest("#clear-answers")) {
      answers = {};
      service = "";
      team = {};
      showAnswers();
      flushFragment();
      update(true);
      say(text("cleared"));
    }
    // Links within the page would replace the answers in the address:
    // scroll to their target instead.
    var a = t.closest('a[href^="#"]');
    if (a && !e.defaultPrevented) {
      var id = decodePart(a.getAttribute("href").slice(1));
      var target = id && document.getElementById(id);
      if (target) {
        e.preventDefault();
        target.scrollIntoView();
        if (!target.hasAttribute("tabindex") && !/^(A|INPUT|BUTTON|SELECT|TEXTAREA)$/.test(target.tagName)) {
          target.setAttribute("tabindex", "-1");
        }
        target.focus({ preventScroll: true });
      }
    }
  });

  window.addEventListener("hashchange", function () {
    readFragment();
    showAnswers();
    update(true);
  });

  // serve's live preview swapped a new build of the page in (its
  // elements as the server wrote them): read it again and re-decide.
  document.addEventListener("prereq:updated", function () {
    readPage();
    showAnswers();
    update(false);
  });

  readPage();
  readFragment();
  showAnswers();
  update(false);
  flushFragment();
  window.addEventListener("pagehide", function () {
    if (fragmentTimer !== null) {
      flushFragment();
    }
  });

  api.siteTOML = siteTOML;
  api.plan = function () {
    return last;
  };
  // answer sets the answers as the form does (a map of fact names, and
  // service.name, to text as the fragment gives it) and re-decides.
  api.answer = function (given) {
    answers = {};
    service = "";
    team = {};
    Object.keys(given).forEach(function (name) {
      if (name === "service.name") {
        service = given[name];
        return;
      }
      if (name.indexOf("team.") === 0 && roles[name.slice(5)]) {
        if (given[name] !== "") {
          team[name.slice(5)] = given[name];
        }
        return;
      }
      var d = declared[name];
      var v = d ? parseAnswer(d, given[name]) : undefined;
      if (v !== undefined) {
        answers[name] = v;
      }
    });
    showAnswers();
    flushFragment();
    update(false);
  };
})();
