// prereq checklist: keeps the ticks in localStorage (one key per step, under
// the page's data-storage-key), counts progress, shares ticks in a link
// (#done=id1,id2, merged into the reader's own; other name=value parameters
// of the fragment, guide.html's answers, stay), opens the skipped group when
// a link points into it, and prints it open. Without this script the page is
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

  window.prereqChecklist = {
    refresh: function () {
      unhide();
      apply();
    },
    // update recounts the progress: guide.html calls it when its reader's
    // answers change which steps are to do.
    update: update
  };

  unhide();
  mergeFragment();
  apply();
  reveal(location.hash);
})();
