// prereq checklist: keeps the ticks in localStorage (one key per step, under
// the page's data-storage-key), counts progress, shares ticks in a link
// (#done=id1,id2, merged into the reader's own; other name=value parameters
// of the fragment, guide.html's answers, stay), opens the skipped group when
// a link points into it, opens the introduction and the summary's lists on
// a wide screen, and prints every fold open. Without this script the page is
// a plain, readable checklist; everything it drives carries data-js and
// hidden. It works from file:// and over http.
//
// Handlers are delegated to the document and the page is read afresh on each
// update, so a live preview may replace <main> and call
// window.prereqChecklist.refresh().
(function () {
  "use strict";
  var root = document.querySelector("[data-storage-key]");
  if (!root) {
    return;
  }
  var prefix = root.getAttribute("data-storage-key") + ":";
  var memory = {}; // ticks when localStorage is not available

  function store() {
    try {
      return window.localStorage || null;
    } catch (e) {
      return null; // blocked, e.g. storage off for file://
    }
  }

  function isTicked(id) {
    var s = store();
    if (s) {
      try {
        return s.getItem(prefix + id) === "1";
      } catch (e) { /* fall back to memory */ }
    }
    return memory[id] === true;
  }

  function setTicked(id, on) {
    if (on) {
      memory[id] = true;
    } else {
      delete memory[id];
    }
    var s = store();
    if (!s) {
      return;
    }
    try {
      if (on) {
        s.setItem(prefix + id, "1");
      } else {
        s.removeItem(prefix + id);
      }
    } catch (e) { /* full or blocked: memory keeps it for this visit */ }
  }

  function clearTicks() {
    memory = {};
    var s = store();
    if (!s) {
      return;
    }
    try {
      for (var i = s.length - 1; i >= 0; i--) {
        var k = s.key(i);
        if (k && k.indexOf(prefix) === 0) {
          s.removeItem(k);
        }
      }
    } catch (e) { /* nothing to clear */ }
  }

  // boxes lists the checkboxes of the steps to do: guide.html disables the
  // boxes of the steps its reader does not need.
  function boxes(scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll("input[data-check]:not(:disabled)"));
  }

  function countDone(list) {
    return list.filter(function (b) { return b.checked; }).length;
  }

  // fill puts the counts into "%[1]d of %[2]d done"; languages may swap them.
  function fill(template, done, total) {
    return template.replace(/%\[1\]d/g, String(done)).replace(/%\[2\]d/g, String(total)).replace(/%d/g, String(total));
  }

  function setText(el, s) {
    if (el.textContent !== s) {
      el.textContent = s;
    }
  }

  // update recounts: the page's progress, and each section's in the
  // table of contents. It reads everything first and then writes only
  // what changed, so that a long guide.html recounts at once.
  function update() {
    var all = boxes();
    var done = countDone(all);
    var sections = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-section]"), function (s) {
      sections[s.getAttribute("data-section")] = s;
    });
    var counts = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-count-for]"), function (c) {
      var section = sections[c.getAttribute("data-count-for")];
      if (section) {
        var list = boxes(section);
        counts.push({ el: c, done: countDone(list), total: list.length });
      }
    });
    var text = document.getElementById("progress-text");
    if (text) {
      var allDone = all.length > 0 && done === all.length;
      setText(text, allDone ? fill(text.getAttribute("data-all-done"), done, all.length) : fill(text.getAttribute("data-template"), done, all.length));
    }
    var bar = document.getElementById("progress-bar");
    if (bar) {
      var max = Math.max(all.length, 1);
      if (bar.max !== max) {
        bar.max = max;
      }
      if (bar.value !== done) {
        bar.value = done;
      }
    }
    counts.forEach(function (c) {
      setText(c.el, c.done + "/" + c.total);
      var link = c.el.closest("a");
      if (link) {
        link.classList.toggle("is-complete", c.total > 0 && c.done === c.total);
      }
    });
  }

  function apply() {
    boxes().forEach(function (b) {
      b.checked = isTicked(b.getAttribute("data-check"));
    });
    update();
  }

  function say(message) {
    var status = document.getElementById("share-status");
    if (status) {
      status.textContent = message;
    }
  }

  // fragment splits the address's fragment into the ticks of a shared link
  // (done=a,b) and the other parameters that stay in it (guide.html's
  // answers, name=value); a plain anchor (#step-x) is neither.
  function fragment() {
    var out = { done: null, keep: [] };
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (part.indexOf("done=") === 0) {
        out.done = part.slice(5);
      } else if (part.indexOf("=") > 0) {
        out.keep.push(part);
      }
    });
    return out;
  }

  // mergeFragment adds the ticks of a shared link (#done=a,b) to the
  // reader's own, then takes them out of the address.
  function mergeFragment() {
    var frag = fragment();
    if (frag.done === null) {
      return;
    }
    var known = {};
    boxes().forEach(function (b) { known[b.getAttribute("data-check")] = true; });
    var added = 0;
    frag.done.split(",").forEach(function (raw) {
      var id;
      try {
        id = decodeURIComponent(raw);
      } catch (e) {
        return;
      }
      if (known[id] && !isTicked(id)) {
        setTicked(id, true);
        added++;
      }
    });
    try {
      history.replaceState(null, "", location.pathname + location.search + (frag.keep.length ? "#" + frag.keep.join("&") : ""));
    } catch (e) { /* the fragment stays; merging it again changes nothing */ }
    var status = document.getElementById("share-status");
    if (added > 0 && status) {
      say(status.getAttribute("data-merged").replace("%d", String(added)));
    }
  }

  function shareLink() {
    var ids = boxes().filter(function (b) { return b.checked; }).map(function (b) {
      return encodeURIComponent(b.getAttribute("data-check"));
    });
    return location.href.split("#")[0] + "#" + fragment().keep.concat(["done=" + ids.join(",")]).join("&");
  }

  function copyLink(button) {
    var link = shareLink();
    var field = document.getElementById("share-field");
    var input = document.getElementById("share-link");
    if (field && input) {
      input.value = link;
      field.hidden = false;
    }
    var failed = function () {
      say(button.getAttribute("data-failed"));
      if (input) {
        input.focus();
        input.select();
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(function () {
        say(button.getAttribute("data-copied"));
      }, failed);
    } else {
      failed();
    }
  }

  // reveal opens the <details> that holds the target of a fragment, so that
  // links to skipped steps land on something visible.
  function reveal(hash) {
    if (!hash || hash.length < 2) {
      return;
    }
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (e) {
      return;
    }
    var el = document.getElementById(id);
    var details = el && el.closest("details");
    if (details && !details.open) {
      details.open = true;
    }
  }

  function unhide() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-js]"), function (el) {
      el.hidden = false;
    });
  }

  document.addEventListener("change", function (e) {
    var b = e.target;
    if (b && b.matches && b.matches("input[data-check]")) {
      setTicked(b.getAttribute("data-check"), b.checked);
      update();
    }
  });

  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    if (!t) {
      return;
    }
    var a = t.closest('a[href^="#"]');
    if (a) {
      reveal(a.getAttribute("href"));
    }
    var copy = t.closest("#copy-link");
    if (copy) {
      copyLink(copy);
    }
    var reset = t.closest("#reset");
    if (reset) {
      clearTicks();
      apply();
      var field = document.getElementById("share-field");
      if (field) {
        field.hidden = true;
      }
      say(reset.getAttribute("data-done"));
    }
  });

  window.addEventListener("hashchange", function () {
    if (fragment().done !== null) {
      mergeFragment();
      apply();
    } else {
      reveal(location.hash);
    }
  });

  // Another tab of the same checklist ticked or cleared something.
  window.addEventListener("storage", function (e) {
    if (e.key === null || e.key.indexOf(prefix) === 0) {
      apply();
    }
  });

  // Print the skipped steps too: open every closed group, then close them.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  // Waits: each .wait-dates element shows the dates its step's wait ends
  // on if started today, in the page's language, with the guide's
  // holidays skipped by business days. The same arithmetic as Go's
  // wait.Holidays.Ends: a date is a UTC midnight, today is the reader's.
  // window.prereqToday ("YYYY-MM-DD"), when set, stands for today (tests).
  function parseDay(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }

  function dayString(d) {
    return d.toISOString().slice(0, 10);
  }

  function addWait(start, n, unit, holidays) {
    var d = new Date(start.getTime());
    if (unit === "business_day") {
      while (n > 0) {
        d.setUTCDate(d.getUTCDate() + 1);
        var wd = d.getUTCDay();
        if (wd !== 0 && wd !== 6 && !holidays[dayString(d)]) {
          n--;
        }
      }
      return d;
    }
    d.setUTCDate(d.getUTCDate() + (unit === "week" ? 7 * n : n));
    return d;
  }

  function fillDates(template, values) {
    return template.replace(/%\[(\d)\]s/g, function (_, i) { return values[+i - 1]; });
  }

  function showWaitDates() {
    var page = document.querySelector("[data-wait-on]");
    var spans = document.querySelectorAll(".wait-dates[data-wait-unit]");
    if (!page || !spans.length) {
      return;
    }
    var holidays = {};
    (page.getAttribute("data-holidays") || "").split(" ").forEach(function (d) {
      if (d) {
        holidays[d] = true;
      }
    });
    var today = parseDay(window.prereqToday);
    if (!today) {
      var now = new Date();
      today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
    }
    var format;
    try {
      format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    } catch (e) {
      format = { format: dayString };
    }
    Array.prototype.forEach.call(spans, function (el) {
      var unit = el.getAttribute("data-wait-unit");
      var min = parseInt(el.getAttribute("data-wait-min"), 10);
      var max = parseInt(el.getAttribute("data-wait-max"), 10);
      var first = addWait(today, min, unit, holidays);
      var last = max > min ? addWait(first, max - min, unit, holidays) : first;
      var dates = [first, last].map(function (d) {
        return '<time datetime="' + dayString(d) + '">' + format.format(d) + "</time>";
      });
      var words = max > min ? page.getAttribute("data-wait-between") : page.getAttribute("data-wait-on");
      el.innerHTML = fillDates(words.replace(/[&<>"]/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
      }), dates);
      el.hidden = false;
    });
  }

  window.prereqChecklist = {
    refresh: function () {
      unhide();
      apply();
      showWaitDates();
    },
    // update recounts the progress: guide.html calls it when its reader's
    // answers change which steps are to do.
    update: update
  };

  // On a wide screen the folds marked data-open-wide (the introduction,
  // the summary's lists) open: the steps are in view beside them. A phone
  // keeps them folded, so that the first step comes soon.
  function openWide() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 64rem)").matches) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (d) {
      d.open = true;
    });
  }

  unhide();
  openWide();
  mergeFragment();
  apply();
  reveal(location.hash);
  showWaitDates();
})();
