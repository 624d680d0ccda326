// prereq serve: live reload. Served pages only; never in build output.
//
// After every rebuild, and when the findings of check -matrix change, the
// server sends a "build" event. The page fetches
// itself again (with the same facts in the query string) and swaps in what
// changed, node by node, so that scroll position, focus, open <details> and
// ticked boxes stay. It reloads in full only when what it cannot swap
// changed: the <head> (styles), the page's own scripts, or the page's shape.
//
// After a swap it calls window.prereqChecklist.refresh(), which the page's
// own script (templates/checklist.js) provides to re-read the checklist:
// ticks from localStorage, progress. Then it dispatches "prereq:updated" on
// document (cancelable; detail.version is the build's). A page without
// prereqChecklist whose script does not cancel the event gets its inline
// scripts re-run on clean copies of the page.
(function () {
  "use strict";
  var live = document.getElementById("prereq-live");
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) return;
  // The page shows build number version of this server run.
  var server = live.getAttribute("data-server");
  var version = live.getAttribute("data-version");
  var findings = live.getAttribute("data-findings") || "";
  var headKey = headSignature(document);
  var shown = location.href; // the URL whose checklist the page shows
  var busy = false;
  var queued = null;

  var events = new EventSource("/_prereq/events");
  // data-state on #prereq-live tells whether the page follows the server:
  // connected or reconnecting (the server is away; the page stays as it is).
  events.onopen = function () { live.setAttribute("data-state", "connected"); };
  events.onerror = function () { live.setAttribute("data-state", "reconnecting"); };
  events.addEventListener("build", function (e) {
    var d;
    try { d = JSON.parse(e.data); } catch (err) { return; }
    if (d.server !== server || String(d.version) !== version || String(d.findings || "") !== findings) refresh(location.href);
  });

  // refresh fetches url and swaps it in; calls made meanwhile keep only the
  // last URL and run after it. For the URL the page shows, the server may
  // answer with only the elements that changed since its build (a patch).
  function refresh(url) {
    if (busy) { queued = url; return; }
    busy = true;
    var headers = url === shown ? { "X-Prereq-From": server + "." + version } : {};
    fetch(url, { cache: "no-store", headers: headers })
      .then(function (r) {
        if ((r.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
          return r.json().then(function (d) { return patch(d) || fetchPage(url); });
        }
        return r.text().then(function (text) { apply(parse(text)); });
      })
      .then(function () { shown = url; })
      .catch(function () { /* the server is gone: EventSource reconnects */ })
      .then(function () {
        busy = false;
        if (queued !== null) { var u = queued; queued = null; refresh(u); }
      });
  }

  function fetchPage(url) {
    return fetch(url, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) { apply(parse(text)); });
  }

  function parse(text) {
    return new DOMParser().parseFromString(text, "text/html");
  }

  function fragment(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  // patch swaps in the elements a patch response holds. It changes nothing
  // and returns false when one of them is not in the page.
  function patch(d) {
    var pairs = [], ps = d.patches || [];
    for (var i = 0; i < ps.length; i++) {
      var cur = document.getElementById(ps[i].id), next = fragment(ps[i].html);
      if (!cur || !next || next.id !== cur.id) return false;
      pairs.push([cur, next]);
    }
    var next = fragment(d.live);
    if (!next) return false;
    var ids = pairs.map(function (p) { return p[0].id; });
    swap(function () {
      pairs.forEach(function (p) { morph(p[0], p[1]); });
    }, next, "patch", function () {
      return ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
    });
    return true;
  }

  function apply(doc) {
    var next = doc.getElementById("prereq-live");
    var cur = pageNodes(document.body), neu = pageNodes(doc.body);
    if (!next || headSignature(doc) !== headKey || !sameShape(cur, neu)) {
      location.reload();
      return;
    }
    if (doc.title !== document.title) document.title = doc.title;
    swap(function () {
      for (var i = 0; i < cur.length; i++) morph(cur[i], neu[i]);
    }, next, "page", function () { return [document]; });
  }

  // swap runs change, which morphs the page, and brings in serve's part,
  // keeping scroll position and ticks, and lets the page's script catch up.
  // data-update on #prereq-live says how: "patch" or "page". scopes
  // returns the parts of the page that change may replace.
  function swap(change, next, how, scopes) {
    var x = window.scrollX, y = window.scrollY;
    var ticks = readTicks(scopes());
    change();
    var ours = document.getElementById("prereq-live");
    morph(ours, next);
    ours.setAttribute("data-update", how);
    syncControls(ours);
    writeTicks(ticks, scopes());
    server = next.getAttribute("data-server");
    version = next.getAttribute("data-version");
    findings = next.getAttribute("data-findings") || "";
    var page = window.prereqChecklist;
    var handled = !!(page && typeof page.refresh === "function");
    if (handled) page.refresh();
    var ev = new CustomEvent("prereq:updated", { cancelable: true, detail: { version: version } });
    if (!document.dispatchEvent(ev)) handled = true;
    if (!handled) rerunScripts(ticks);
    announce();
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
  }

  // headSignature is the <head> without its <title>, which apply sets.
  function headSignature(doc) {
    var parts = [];
    for (var n = doc.head && doc.head.firstElementChild; n; n = n.nextElementSibling) {
      if (n.nodeName !== "TITLE") parts.push(n.outerHTML);
    }
    return parts.join("\n");
  }

  // pageNodes are the body's elements that the page's template made.
  function pageNodes(body) {
    return Array.prototype.filter.call(body.children, function (n) {
      return n.id !== "prereq-live" && !n.hasAttribute("data-prereq-live");
    });
  }

  function sameShape(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) {
      if (a[i].nodeName !== b[i].nodeName) return false;
      if (a[i].nodeName === "SCRIPT" && (a[i].text !== b[i].text || a[i].src !== b[i].src)) return false;
    }
    return true;
  }

  // morph makes the live node cur look like next, keeping the nodes that
  // did not change (and with them focus, ticks and listeners).
  function morph(cur, next) {
    if (cur.nodeType !== next.nodeType || cur.nodeName !== next.nodeName) {
      cur.parentNode.replaceChild(document.importNode(next, true), cur);
      return;
    }
    if (cur.nodeType !== 1) {
      if (cur.nodeValue !== next.nodeValue) cur.nodeValue = next.nodeValue;
      return;
    }
    if (cur.isEqualNode(next)) return;
    syncAttributes(cur, next);
    morphChildren(cur, next);
  }

  function syncAttributes(cur, next) {
    var i, a;
    for (i = cur.attributes.length - 1; i >= 0; i--) {
      a = cur.attributes[i];
      if (!next.hasAttribute(a.name) && !userState(cur, a.name)) cur.removeAttribute(a.name);
    }
    for (i = 0; i < next.attributes.length; i++) {
      a = next.attributes[i];
      if (cur.getAttribute(a.name) !== a.value && !userState(cur, a.name)) cur.setAttribute(a.name, a.value);
    }
  }

  // userState names the attributes that the reader or this script changed,
  // which a swap keeps: an opened <details> stays open.
  function userState(el, name) {
    return name === "open" && el.nodeName === "DETAILS" ||
      el.id === "prereq-live" && (name === "data-state" || name === "data-update");
  }

  function key(n) {
    if (n.nodeType !== 1) return null;
    return n.id || n.getAttribute("data-step") || n.getAttribute("data-section") || null;
  }

  function morphChildren(cur, next) {
    var a = Array.prototype.slice.call(cur.childNodes);
    var b = Array.prototype.slice.call(next.childNodes);
    var i, same = a.length === b.length;
    for (i = 0; same && i < a.length; i++) {
      same = key(a[i]) === key(b[i]) && a[i].nodeName === b[i].nodeName;
    }
    if (same) {
      for (i = 0; i < a.length; i++) morph(a[i], b[i]);
      return;
    }
    var byKey = {};
    a.forEach(function (n) { var k = key(n); if (k) byKey[k] = n; });
    var kids = b.map(function (n) {
      var k = key(n), old = k && byKey[k];
      if (old && old.nodeName === n.nodeName) {
        delete byKey[k];
        morph(old, n);
        return old;
      }
      return document.importNode(n, true);
    });
    // Move only what is out of place, so that kept nodes keep focus.
    for (i = 0; i < kids.length; i++) {
      if (cur.childNodes[i] !== kids[i]) cur.insertBefore(kids[i], cur.childNodes[i] || null);
    }
    while (cur.childNodes.length > kids.length) cur.removeChild(cur.lastChild);
  }

  // syncControls makes the facts panel's controls show what the server
  // rendered, except the field being typed in.
  function syncControls(root) {
    Array.prototype.forEach.call(root.querySelectorAll("input, select"), function (el) {
      if (el === document.activeElement && el.type !== "checkbox") return;
      if (el.type === "checkbox") el.checked = el.defaultChecked;
      else if (el.nodeName === "SELECT") Array.prototype.forEach.call(el.options, function (o) { o.selected = o.defaultSelected; });
      else if (el.type !== "hidden") el.value = el.defaultValue;
    });
  }

  // boxes are the step checkboxes in scopes.
  function boxes(scopes) {
    var all = [];
    scopes.forEach(function (s) {
      Array.prototype.push.apply(all, s.querySelectorAll("input[type=checkbox][data-check]"));
    });
    return all;
  }

  function readTicks(scopes) {
    var t = {};
    boxes(scopes).forEach(function (b) { t[b.getAttribute("data-check")] = b.checked; });
    return t;
  }

  function writeTicks(t, scopes) {
    boxes(scopes).forEach(function (b) {
      var id = b.getAttribute("data-check");
      if (Object.prototype.hasOwnProperty.call(t, id)) b.checked = t[id];
    });
  }

  // rerunScripts runs the page's inline scripts again on fresh copies of
  // the page, which carry none of the listeners the first run attached.
  function rerunScripts(ticks) {
    pageNodes(document.body).forEach(function (n) {
      if (n.nodeName !== "SCRIPT") n.parentNode.replaceChild(n.cloneNode(true), n);
    });
    writeTicks(ticks, [document]);
    pageNodes(document.body).forEach(function (n) {
      if (n.nodeName !== "SCRIPT" || n.src) return;
      var s = document.createElement("script");
      for (var i = 0; i < n.attributes.length; i++) s.setAttribute(n.attributes[i].name, n.attributes[i].value);
      s.text = n.text;
      n.parentNode.replaceChild(s, n);
    });
  }

  function announce() {
    var status = document.getElementById("prereq-status");
    var errors = document.getElementById("prereq-errors");
    // In the page's language: the overlay's own title ("1 error"), or what
    // the server wrote on #prereq-live.
    var title = document.getElementById("prereq-errors-title");
    var ours = document.getElementById("prereq-live");
    if (status) status.textContent = errors && title ? title.textContent : (ours && ours.getAttribute("data-updated")) || "";
  }

  // The facts panel: changing a control shows the checklist with the new
  // facts without reloading; the URL keeps them, so the page can be shared.
  function factsURL(form) {
    var q = [];
    Array.prototype.forEach.call(form.querySelectorAll(".prereq-fact"), function (f) {
      var name = f.getAttribute("data-fact"), type = f.getAttribute("data-type"), v;
      if (type === "switch") {
        v = f.querySelector("input[type=checkbox]").checked ? "true" : "false";
      } else if (type === "checkboxes") {
        v = Array.prototype.filter.call(f.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
          .map(function (c) { return c.value; }).join(",");
      } else {
        v = f.querySelector("select, input:not([type=hidden])").value;
      }
      if (v !== f.getAttribute("data-site")) q.push(encodeURIComponent(name) + "=" + encodeURIComponent(v).replace(/%2C/g, ","));
    });
    return "/" + (q.length ? "?" + q.join("&") : "") + location.hash;
  }

  function go(url) {
    history.pushState(null, "", url);
    refresh(url);
  }

  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (form && form.id === "prereq-facts-form") go(factsURL(form));
  });
  document.addEventListener("submit", function (e) {
    if (e.target.id !== "prereq-facts-form") return;
    e.preventDefault();
    go(factsURL(e.target));
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t.closest && t.closest("[data-prereq-hide]")) {
      var o = document.getElementById("prereq-errors");
      if (o) o.hidden = true;
    } else if (t.closest && t.closest("#prereq-facts a[href='/']")) {
      e.preventDefault();
      go("/" + location.hash);
    }
  });
  window.addEventListener("popstate", function () { refresh(location.href); });
})();
