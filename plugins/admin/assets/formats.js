/* How the web editor (Decap CMS) reads and writes our files; registered by cms.js.
 *
 * headerFormat(fields): a Markdown file as Pelican reads it (Python-Markdown's meta
 *   extension): `key: value` header lines, a blank line, the text. The lines of fields
 *   that were not edited are written back byte for byte, and so is the text when it was
 *   not edited. Edited values are written as the content model reads them: dates in
 *   Brussels time (JJJJ-MM-DD UU:MM) whatever the browser's time zone, lists as
 *   "a, b", yes/no as ja/nee; an emptied optional field is left out.
 * dataFormat(yaml, keys): a data file (content/data/*.yml) that is a YAML list of
 *   entries. Entries that were not edited keep their text, comments included; the
 *   comment at the top stays.
 *
 * The file as it was read rides along in the entry's data (ORIGINAL, shown by no
 * field). The same code runs in the browser and under Node (tests/test_admin_format.py).
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.VWFormats = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var ORIGINAL = "__vw_original";
  var UNREADABLE = "__vw_unreadable";
  var ZONE = "Europe/Brussels";
  // Python-Markdown's meta extension, as it reads a header (re.match: anchored at the start only).
  var META = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)/;
  var META_MORE = /^[ ]{4,}(.*)/;
  var BEGIN = /^-{3}(\s.*)?/;
  var END = /^(-{3}|\.{3})(\s.*)?/;
  var YES = ["ja", "yes", "true", "1"];
  var NO = ["nee", "no", "false", "0"];
  var NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T_](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

  function lines(text) {
    return text.match(/[^\n]*\n|[^\n]+$/g) || [];
  }

  function bare(line) {
    return line.replace(/\r?\n$/, "");
  }

  // ---------------------------------------------------------------- Brussels time

  var wallClock = new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit"
  });

  function wall(ms) {
    var found = {};
    wallClock.formatToParts(new Date(ms)).forEach(function (part) {
      found[part.type] = part.value;
    });
    return found;
  }

  function offsetMinutes(ms) {
    var p = wall(ms);
    var asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  }

  // A Brussels wall-clock time as an instant; like Python's zoneinfo with fold=0 (the first of
  // two, and the offset before the change for a time that is skipped).
  function wallToMs(y, mo, d, h, mi, s) {
    var guess = Date.UTC(y, mo - 1, d, h, mi, s || 0);
    var before = offsetMinutes(guess - 12 * 3600000);
    var after = offsetMinutes(guess + 12 * 3600000);
    var valid = [before, after].map(function (offset) {
      return guess - offset * 60000;
    }).filter(function (ms, i) {
      return offsetMinutes(ms) === [before, after][i];
    });
    return valid.length ? Math.min.apply(null, valid) : guess - before * 60000;
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function toMs(value) {
    if (value instanceof Date) {
      return value.getTime();
    }
    var text = String(value == null ? "" : value).trim();
    var naive = NAIVE.exec(text);
    if (naive) {
      return wallToMs(+naive[1], +naive[2], +naive[3], +(naive[4] || 0), +(naive[5] || 0), +(naive[6] || 0));
    }
    var ms = Date.parse(text.replace(/^(\d{4}-\d{2}-\d{2})[ _]/, "$1T").replace(/z$/, "Z"));
    return isNaN(ms) ? null : ms;
  }

  function offsetText(offset) {
    var abs = Math.abs(offset);
    return (offset < 0 ? "-" : "+") + two(Math.floor(abs / 60)) + ":" + two(abs % 60);
  }

  // JJJJ-MM-DD UU:MM in Brussels; the offset is added only to the second 02:30 of an autumn night,
  // which Brussels time alone would read as the first.
  function brusselsText(ms) {
    var minute = Math.floor(ms / 60000) * 60000;
    var p = wall(minute);
    var text = p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute;
    return toMs(text) === minute ? text : text + offsetText(offsetMinutes(minute));
  }

  // The instant as the datetime widget keeps it (its default format), in Brussels time.
  function widgetDate(ms) {
    var p = wall(ms);
    return p.year + "-" + p.month + "-" + p.day + "T" + p.hour + ":" + p.minute + ":" + p.second + ".000" +
      offsetText(offsetMinutes(ms));
  }

  // ---------------------------------------------------------------- header values

  function read(widget, raw) {
    if (widget === "list") {
      return raw.split(",").map(function (item) {
        return item.trim();
      });
    }
    if (widget === "datetime") {
      var ms = toMs(raw);
      return ms === null ? raw : widgetDate(ms);
    }
    if (widget === "boolean") {
      var lower = raw.trim().toLowerCase();
      return YES.indexOf(lower) !== -1 ? true : NO.indexOf(lower) !== -1 ? false : raw;
    }
    return raw;
  }

  function empty(value) {
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "") ||
      (Array.isArray(value) && value.length === 0);
  }

  function write(widget, value) {
    if (empty(value)) {
      return "";
    }
    if (widget === "list" || Array.isArray(value)) {
      var items = Array.isArray(value) ? value : String(value).split(",");
      return items.map(function (item) {
        return String(item).trim();
      }).filter(Boolean).join(", ");
    }
    if (widget === "datetime") {
      var text = value instanceof Date ? "" : String(value).trim();
      if (NAIVE.test(text)) {
        return text;  // written without a zone: already Brussels time
      }
      var ms = toMs(value);
      return ms === null ? text : brusselsText(ms);
    }
    if (value === true || value === false) {
      return value ? "ja" : "nee";
    }
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  function same(widget, before, after) {
    if (widget === "datetime" && !empty(before) && !empty(after)) {
      var a = toMs(before);
      var b = toMs(after);
      if (a !== null && b !== null) {
        return a === b;
      }
    }
    return write(widget, before) === write(widget, after);
  }

  // ---------------------------------------------------------------- header files

  function parseHeader(text) {
    var all = lines(text);
    var i = 0;
    var prefix = "";
    var entries = [];
    var current = null;
    var separator = "";
    if (all.length && BEGIN.test(bare(all[0]))) {
      prefix = all[0];
      i = 1;
    }
    for (; i < all.length; i++) {
      var line = bare(all[i]);
      if (line.trim() === "" || END.test(line)) {
        separator = all[i];
        i++;
        break;
      }
      var meta = META.exec(line);
      if (meta) {
        current = {key: meta[1].toLowerCase(), values: [meta[2].trim()], text: all[i]};
        entries.push(current);
        continue;
      }
      var more = META_MORE.exec(line);
      if (more && current) {
        current.values.push(more[1].trim());
        current.text += all[i];
        continue;
      }
      break;  // not a header line: the text starts here
    }
    return {prefix: prefix, entries: entries, separator: separator, body: all.slice(i).join("")};
  }

  function headerFormat(fields) {
    var widgets = {};
    var order = [];
    (fields || []).forEach(function (field) {
      widgets[field.name] = field.widget;
      order.push(field.name);
    });

    function fromFile(text) {
      var parsed = parseHeader(text);
      var raw = {};
      parsed.entries.forEach(function (entry) {
        var value = entry.values.join("\n");
        raw[entry.key] = entry.key in raw ? raw[entry.key] + "\n" + value : value;
      });
      var data = {};
      Object.keys(raw).forEach(function (key) {
        data[key] = read(widgets[key], raw[key]);
      });
      data.body = parsed.body;
      data[ORIGINAL] = text;
      return data;
    }

    function toFile(data, sortedKeys) {
      var original = data[ORIGINAL];
      var old = typeof original === "string" ? parseHeader(original) : null;
      var before = old ? fromFile(original) : {};
      var out = [];
      var done = {};
      if (old) {
        out.push(old.prefix);
        old.entries.forEach(function (entry) {
          var key = entry.key;
          var widget = widgets[key];
          if (done[key] === "kept") {
            out.push(entry.text);
            return;
          }
          if (done[key]) {
            return;  // a repeated line of a key that was edited
          }
          if (key in data && same(widget, before[key], data[key])) {
            out.push(entry.text);
            done[key] = "kept";
            return;
          }
          done[key] = "edited";
          var value = key in data ? write(widget, data[key]) : "";
          if (value) {
            out.push(key + ": " + value + "\n");
          }
        });
      }
      var keys = order.concat(sortedKeys || [], Object.keys(data));
      keys.forEach(function (key) {
        if (done[key] || key === "body" || key === ORIGINAL || key === UNREADABLE) {
          return;
        }
        done[key] = "new";
        if (data[key] === false) {
          return;  // a box never ticked writes nothing
        }
        var value = write(widgets[key], data[key]);
        if (value) {
          out.push(key + ": " + value + "\n");
        }
      });
      var body = data.body === undefined || data.body === null ? "" : String(data.body);
      if (old && (body === old.body || body.trim() === old.body.trim())) {
        body = old.body;
      }
      var separator = old ? old.separator : "\n";
      if (!separator && body) {
        separator = "\n";
      }
      return out.join("") + separator + body;
    }

    return {fromFile: fromFile, toFile: toFile};
  }

  // ---------------------------------------------------------------- data files

  function cleanItem(item, keys) {
    var clean = {};
    var names = Object.keys(item || {});
    (keys || []).concat(names).forEach(function (key) {
      if (key in clean || !(key in (item || {}))) {
        return;
      }
      var value = item[key];
      if (Array.isArray(value)) {
        value = value.map(String).filter(function (v) {
          return v.trim() !== "";
        });
      } else if (value !== undefined && value !== null) {
        value = String(value);
      }
      if (!empty(value)) {
        clean[key] = value;
      }
    });
    return clean;
  }

  function sameItem(a, b) {
    var ka = Object.keys(a).sort();
    var kb = Object.keys(b).sort();
    return JSON.stringify(ka) === JSON.stringify(kb) && ka.every(function (key) {
      return JSON.stringify(a[key]) === JSON.stringify(b[key]);
    });
  }

  function splitItems(yaml, text) {
    var all = lines(text);
    var header = [];
    var chunks = [];
    all.forEach(function (line) {
      if (/^-( |$)/.test(bare(line))) {
        chunks.push([line]);
      } else if (chunks.length) {
        chunks[chunks.length - 1].push(line);
      } else if (/^\s*(#.*)?$/.test(bare(line))) {
        header.push(line);
      }
    });
    return {
      header: header.join(""),
      chunks: chunks.map(function (chunk) {
        var chunkText = chunk.join("");
        var value = yaml.load(chunkText, {schema: yaml.FAILSAFE_SCHEMA});
        return {text: chunkText, value: cleanItem(Array.isArray(value) ? value[0] : {}), keys: Object.keys(
          Array.isArray(value) && value[0] ? value[0] : {})};
      })
    };
  }

  function dataFormat(yaml, keys) {
    function fromFile(text) {
      var data = {};
      data[ORIGINAL] = text;
      try {
        var items = yaml.load(text, {schema: yaml.FAILSAFE_SCHEMA});
        if (items === null || items === undefined || items === "") {
          items = [];
        }
        if (!Array.isArray(items)) {
          throw new Error("het bestand is geen lijst van vermeldingen");
        }
        data.items = items.map(function (item) {
          return cleanItem(item, keys);
        });
      } catch (error) {
        data.items = [];
        data[UNREADABLE] = String(error && error.message ? error.message : error);
      }
      return data;
    }

    function dump(item) {
      return yaml.dump([item], {flowLevel: 2, lineWidth: -1, noRefs: true});
    }

    function toFile(data) {
      if (data[UNREADABLE]) {
        throw new Error("Dit bestand kan hier niet bewaard worden: het was al onleesbaar (" +
          data[UNREADABLE] + "). Verbeter het eerst in een teksteditor.");
      }
      var items = (data.items || []).map(function (item) {
        return cleanItem(item, keys);
      });
      var original = data[ORIGINAL];
      if (typeof original !== "string") {
        return items.map(dump).join("\n");
      }
      var old = splitItems(yaml, original);
      if (old.chunks.length === items.length && items.every(function (item, i) {
        return sameItem(item, old.chunks[i].value);
      })) {
        return original;
      }
      var spaced = old.chunks.slice(0, -1).some(function (chunk) {
        return /\n\s*\n$/.test(chunk.text);
      });
      var used = [];
      var parts = items.map(function (item, i) {
        var match = old.chunks[i] && used.indexOf(i) === -1 && sameItem(item, old.chunks[i].value) ? i :
          old.chunks.findIndex(function (chunk, j) {
            return used.indexOf(j) === -1 && sameItem(item, chunk.value);
          });
        if (match !== -1) {
          used.push(match);
          return old.chunks[match].text.replace(/\n(\s*\n)+$/, "\n");
        }
        var order = old.chunks[i] ? old.chunks[i].keys.concat(keys || []) : keys;
        return dump(cleanItem(item, order));
      });
      return old.header + parts.join(spaced ? "\n" : "");
    }

    return {fromFile: fromFile, toFile: toFile};
  }

  return {
    ORIGINAL: ORIGINAL,
    headerFormat: headerFormat,
    dataFormat: dataFormat,
    parseHeader: parseHeader,
    brusselsText: brusselsText,
    toMs: toMs
  };
});
