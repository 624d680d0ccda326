// prereq serve: live reload. Served pages only; never in build output.
//
// After every rebuild the server sends a "build" event. The page fetches
// itself again (with the same facts in the query string) and swaps in what
// changed, node by node, so that scroll position, focus, open <details> and
// ticked boxes stay. It reloads in full only when what it cannot swap
// changed: the <head> (styles), the page's own scripts, or the page's shape.
//
// After a swap it dispatches "prereq:updated" on document (cancelable;
// detail.root is the element swapped). A page script that re-reads the
// checklist on it (ticks from localStorage, progress) calls preventDefault();
// when none does, this script re-runs the page's inline scripts on clean
// copies of the swapped elements.
(function () {
  "use strict";
  var live = document.getElementById("prereq-live");
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var version = live.getAttribute("data-version");
  var headKey = headSignature(document);
  var busy = false;
  var queued = null;

  var events = new EventSource("/_prereq/events");
  events.addEventListener("build", function (e) {
    var d;
    try { d = JSON.parse(e.data); } catch (err) { return; }
    if (String(d.version) !== version) refresh(location.href);
  });

  // refresh fetches url and swaps it in; calls made meanwhile keep only the
  // last URL and run after it.
  function refresh(url) {
    if (busy) { queued = url; return; }
    busy = true;
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) { apply(new DOMParser().parseFromString(text, "text/html")); })
      .catch(function () { /* the server is gone: EventSource reconnects */ })
      .then(function () {
        busy = false;
        if (queued !== null) { var u = queued; queued = null; refresh(u); }
      });
  }

  function apply(doc) {
    var next = doc.getElementById("prereq-live");
    var cur = pageNodes(document.body), neu = pageNodes(doc.body);
    if (!next || headSignature(doc) !== headKey || !sameShape(cur, neu)) {
      location.reload();
      return;
    }
    var x = window.scrollX, y = window.scrollY;
    var ticks = readTicks();
    if (doc.title !== document.title) document.title = doc.title;
    for (var i = 0; i < cur.length; i++) morph(cur[i], neu[i]);
    var live = document.getElementById("prereq-live");
    morph(live, next);
    syncControls(live);
    writeTicks(ticks);
    version = next.getAttribute("data-version");
    var ev = new CustomEvent("prereq:updated", { cancelable: true, detail: { root: document.body, version: version } });
    if (document.dispatchEvent(ev)) rerunScripts(ticks);
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

  // userState names the attributes the reader changes: an opened <details>
  // stays open.
  function userState(el, name) {
    return name === "open" && el.nodeName === "DETAILS";
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

  function boxes() {
    return document.querySelectorAll("input[type=checkbox][data-check]");
  }

  function readTicks() {
    var t = {};
    Array.prototype.forEach.call(boxes(), function (b) { t[b.getAttribute("data-check")] = b.checked; });
    return t;
  }

  function writeTicks(t) {
    Array.prototype.forEach.call(boxes(), function (b) {
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
    writeTicks(ticks);
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
    if (status) status.textContent = errors ? (errors.querySelectorAll(".prereq-error").length + " errors") : "Checklist updated";
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
