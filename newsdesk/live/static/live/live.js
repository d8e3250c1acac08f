// Newsdesk live delivery: breaking alerts pushed to the open page over
// Server-Sent Events. Without this file the banner still works: it is in the
// server-rendered page, and its Dismiss button is a form that sets a cookie.
(function () {
    "use strict";

    var STORAGE_KEY = "newsdesk:dismissed-alerts";
    var COOKIE = "newsdesk_dismissed_alert";
    var COOKIE_MAX_AGE = 60 * 60 * 24 * 30;
    var KEEP = 20;
    var RETRY_MS = 2000;
    var RETRY_MAX_MS = 60000;

    var slot = document.getElementById("breaking");
    var region = slot && slot.querySelector(".breaking");
    if (!region) return;

    function readCookie() {
        var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([0-9.]*)"));
        return match ? match[1].split(".").filter(Boolean).map(Number) : [];
    }

    function dismissedIds() {
        try {
            var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
            if (Array.isArray(stored)) return stored.concat(readCookie());
        } catch (error) { /* storage blocked: the cookie still remembers */ }
        return readCookie();
    }

    function remember(alertId) {
        var ids = dismissedIds().filter(function (id) { return id !== alertId; });
        ids.push(alertId);
        ids = ids.slice(-KEEP);
        try {
            window.localStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
        } catch (error) { /* the cookie below is enough */ }
        // The same cookie as the no-JavaScript path, so the next page the server
        // renders leaves the alert out too.
        var secure = location.protocol === "https:" ? "; Secure" : "";
        document.cookie = COOKIE + "=" + ids.join(".") + "; Max-Age=" + COOKIE_MAX_AGE + "; Path=/; SameSite=Lax" + secure;
    }

    // Put new banner contents in place. The live region itself stays, so screen
    // readers announce the change politely; focus and scroll stay where they were.
    function show(html, alertId) {
        if (alertId && dismissedIds().indexOf(alertId) !== -1) {
            html = "";
            alertId = "";
        }
        alertId = alertId ? String(alertId) : "";
        if (region.getAttribute("data-alert-id") === alertId && region.innerHTML.trim() === html.trim()) return;

        var focusInside = region.contains(document.activeElement);
        var below = slot.nextElementSibling;
        var bannerAbove = slot.getBoundingClientRect().bottom <= 0;
        var belowTop = below ? below.getBoundingClientRect().top : 0;

        region.innerHTML = html;
        region.setAttribute("data-alert-id", alertId);

        // A banner growing or shrinking above the part of the page being read
        // must not move that part. (Browsers with scroll anchoring already did it.)
        if (bannerAbove && below) {
            var shift = below.getBoundingClientRect().top - belowTop;
            if (shift) window.scrollBy(0, shift);
        }
        // Only when the element that had focus was replaced: keep focus nearby.
        if (focusInside) {
            var next = below && below.querySelector("a[href], button, input, [tabindex]");
            if (next) next.focus({ preventScroll: true });
        }
    }

    document.addEventListener("submit", function (event) {
        var form = event.target.closest && event.target.closest(".breaking__dismiss");
        if (!form) return;
        event.preventDefault();
        remember(Number(form.getAttribute("data-alert-id")));
        show("", "");
    });

    // An alert this reader dismissed on another page, kept only in localStorage.
    var shown = Number(region.getAttribute("data-alert-id"));
    if (shown && dismissedIds().indexOf(shown) !== -1) show("", "");

    var streamUrl = region.getAttribute("data-stream-url");
    if (!streamUrl || !window.EventSource) return;

    // The id of the last event this page has seen; the server replays whatever
    // came after it, so nothing published since the page was rendered is missed.
    var lastEventId = region.getAttribute("data-last-event-id") || "";
    var retryMs = RETRY_MS;

    // A live story on this page follows its own channel on the same stream.
    var story = document.getElementById("live-story");
    var storyLive = story ? liveStory(story) : null;
    if (storyLive) {
        // Resume from the older of the two renders: replayed events are harmless.
        var storyEventId = story.getAttribute("data-last-event-id") || "";
        if (storyEventId && (!lastEventId || Number(storyEventId) < Number(lastEventId))) lastEventId = storyEventId;
    }

    function track(event) {
        if (event.lastEventId) lastEventId = event.lastEventId;
    }

    function onBanner(event) {
        track(event);
        var data = JSON.parse(event.data);
        show(data.html || "", data.alert ? data.alert.id : "");
    }

    function connect() {
        var params = [];
        if (storyLive) params.push("story=" + encodeURIComponent(story.getAttribute("data-story-id")));
        if (lastEventId) params.push("last_event_id=" + encodeURIComponent(lastEventId));
        var url = streamUrl + (params.length ? "?" + params.join("&") : "");
        var source = new EventSource(url);
        source.addEventListener("alert", onBanner);
        source.addEventListener("cleared", onBanner);
        if (storyLive) {
            ["update", "update-changed", "update-deleted"].forEach(function (type) {
                source.addEventListener(type, function (event) {
                    track(event);
                    storyLive.receive(event.type, JSON.parse(event.data));
                });
            });
        }
        source.addEventListener("ready", function (event) {
            track(event);
            retryMs = RETRY_MS;
            // Caught up and following: for styles, tests and the curious.
            region.setAttribute("data-stream", "open");
            if (story) story.setAttribute("data-stream", "open");
        });
        source.addEventListener("reset", function (event) {
            track(event);
            if (window.newsdesk && window.newsdesk.refreshBanner) window.newsdesk.refreshBanner();
        });
        source.addEventListener("error", function () {
            region.setAttribute("data-stream", "reconnecting");
            // The browser reconnects by itself after a dropped connection (sending
            // Last-Event-ID); after an error response it gives up, so start again.
            if (source.readyState === EventSource.CLOSED) {
                window.setTimeout(connect, retryMs);
                retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
            }
        });
    }

    // Live story updates. New updates never move what the reader is reading:
    // they wait behind the "N new updates" button (in a polite status region,
    // whose space is kept from page load) until the reader reveals them at the
    // top. Corrected updates are replaced in place; deleted ones disappear.
    function liveStory(root) {
        var keyPoints = root.querySelector('[data-list="key-points"]');
        var updates = root.querySelector('[data-list="updates"]');
        var button = root.querySelector(".live-story__reveal");
        if (!keyPoints || !updates || !button) return null;
        // Only the first page shows the newest updates; older pages only follow edits.
        var firstPage = (root.getAttribute("data-page") || "1") === "1";
        var pending = [];  // {id, html}, oldest first

        function fragment(html) {
            var template = document.createElement("template");
            template.innerHTML = html;
            return template.content.firstElementChild;
        }

        function find(id) {
            return root.querySelector('.live-update[data-update-id="' + id + '"]');
        }

        function pendingIndex(id) {
            for (var i = 0; i < pending.length; i++) if (pending[i].id === id) return i;
            return -1;
        }

        function syncKeyPoints() {
            keyPoints.parentNode.hidden = !keyPoints.querySelector(".live-update");
        }

        function announce() {
            if (!pending.length) {
                button.hidden = true;
                button.textContent = "";
                return;
            }
            // The words come from the page, in its language: "New updates: {count}".
            button.textContent = (button.dataset.label || "{count}").replace("{count}", String(pending.length));
            button.hidden = false;
        }

        // Replace or move an update already on the page. (Scroll anchoring keeps
        // the reader's place when an update above the viewport changes size.)
        function replace(current, html, pinned) {
            var next = fragment(html);
            var wasPinned = current.parentNode === keyPoints;
            if (wasPinned === pinned) {
                current.replaceWith(next);
            } else if (pinned) {
                current.remove();
                keyPoints.insertBefore(next, keyPoints.firstChild);
            } else {
                current.remove();
                if (firstPage) updates.insertBefore(next, updates.firstChild);
            }
            syncKeyPoints();
        }

        button.addEventListener("click", function () {
            var first = null;
            var empty = updates.querySelector(".live-story__empty");
            if (empty) empty.remove();
            pending.forEach(function (item) {
                var element = fragment(item.html);
                if (item.pinned) {
                    keyPoints.insertBefore(element, keyPoints.firstChild);
                } else {
                    updates.insertBefore(element, updates.firstChild);
                    first = element;
                }
            });
            pending = [];
            syncKeyPoints();
            announce();
            // The reader asked for them: take them to the newest, so keyboard and
            // screen reader users continue from there.
            if (first) first.focus();
        });

        return {
            receive: function (type, data) {
                var update = data.update || {};
                var id = String(update.id);
                var current = find(id);
                var waiting = pendingIndex(id);
                if (type === "update-deleted" || update.deleted) {
                    if (current) current.remove();
                    if (waiting !== -1) pending.splice(waiting, 1);
                    syncKeyPoints();
                    announce();
                    return;
                }
                if (current) {
                    replace(current, data.html, !!update.pinned);
                } else if (waiting !== -1) {
                    pending[waiting] = { id: id, html: data.html, pinned: !!update.pinned };
                } else if (firstPage && (type === "update" || update.pinned)) {
                    pending.push({ id: id, html: data.html, pinned: !!update.pinned });
                    announce();
                }
            }
        };
    }

    connect();
})();
