// Live campaign countdown: enhances [data-module="vw-countdown"] (components/countdown.html).
// Same rules as plugins/countdown/countdown.py: days are calendar days in the site's time zone
// (never the visitor's), hours below 24 real hours, then minutes; never below zero; the state
// switches at the moment itself. The timer text is not announced; the polite live region says
// only a change of state. Without JavaScript the text of the build stays.
(function () {
  "use strict";
  if (!document.documentElement.classList.contains("vw-js") || !window.Intl) return;

  var HOUR = 3600000;
  var MINUTE = 60000;

  function zoneDay(ms, formatter) {
    // Calendar date of an instant in the site's zone, as a day number (days since 1970-01-01).
    var parts = {};
    formatter.formatToParts(new Date(ms)).forEach(function (part) { parts[part.type] = part.value; });
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day) / 86400000;
  }

  function isoDay(text) {
    var bits = text.split("-");
    return Date.UTC(+bits[0], +bits[1] - 1, +bits[2]) / 86400000;
  }

  function fill(template, n) {
    return template.replace("{n}", String(n));
  }

  function setup(element) {
    var data = element.dataset;
    var strings, formatter;
    try {
      strings = JSON.parse(data.countdownStrings);
      formatter = new Intl.DateTimeFormat("en-CA", {
        timeZone: data.countdownZone, year: "numeric", month: "2-digit", day: "2-digit"
      });
      if (typeof formatter.formatToParts !== "function") return;
    } catch (error) {
      return; // no time zone support: the build-time text stands
    }
    var start = Date.parse(data.countdownStart);
    var stop = Date.parse(data.countdownStop);
    if (isNaN(start) || isNaN(stop)) return;
    var day = isoDay(data.countdownDay);
    var allDay = data.countdownAllDay === "true";
    var hasEnd = data.countdownHasEnd === "true";
    var label = data.countdownLabel;
    var timer = element.querySelector(".vw-countdown__text");
    var announce = element.querySelector(".vw-countdown__announce");
    var state = data.countdownState;
    var timerId;

    function remaining(now) {
      var left = Math.max(start - now, 0);
      var text;
      if (allDay || left >= 24 * HOUR) {
        var days = Math.max(day - zoneDay(now, formatter), 0);
        text = days === 1 ? strings.days_one : fill(strings.days_other, days);
      } else if (left >= HOUR) {
        text = fill(strings.hours, Math.floor(left / HOUR));
      } else if (left >= MINUTE) {
        var minutes = Math.floor(left / MINUTE);
        text = minutes === 1 ? strings.minutes_one : fill(strings.minutes_other, minutes);
      } else {
        text = strings.under_minute;
      }
      return label ? text + " " + label : text;
    }

    function stateAt(now) {
      if (now < start) return zoneDay(now, formatter) === day ? "today" : "upcoming";
      if (now < stop) return hasEnd ? "running" : "today";
      return "past";
    }

    function textAt(now, current) {
      if (current === "upcoming") return remaining(now);
      if (current === "today" && now < start) return strings.text_today + " " + remaining(now);
      return strings["text_" + current];
    }

    function update(first) {
      var now = Date.now();
      var next = stateAt(now);
      var text = textAt(now, next);
      if (timer.textContent !== text) timer.textContent = text;
      if (next !== state) {
        element.classList.remove("vw-countdown--" + state);
        element.classList.add("vw-countdown--" + next);
        element.setAttribute("data-countdown-state", next);
        // Announce a change seen during the visit, not the catching up on load.
        if (!first && announce) announce.textContent = text;
        state = next;
      }
      if (next === "past") {
        window.clearInterval(timerId);
      }
    }

    update(true);
    if (state !== "past") timerId = window.setInterval(function () { update(false); }, 1000);
  }

  var elements = document.querySelectorAll('[data-module="vw-countdown"]');
  for (var i = 0; i < elements.length; i++) setup(elements[i]);
})();
