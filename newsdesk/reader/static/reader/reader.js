// Newsdesk reader enhancements. Every feature here already works without
// JavaScript; this file only makes it faster.
(function () {
    "use strict";

    var COOKIE = "newsdesk_text_size";
    var MAX_AGE = 60 * 60 * 24 * 365;

    function setTextSize(size) {
        var root = document.documentElement;
        root.className = root.className.replace(/\btext-(xs|sm|md|lg)\b/g, "").trim() + " text-" + size;
        root.setAttribute("data-text-size", size);
        var secure = location.protocol === "https:" ? "; Secure" : "";
        document.cookie = COOKIE + "=" + size + "; Max-Age=" + MAX_AGE + "; Path=/; SameSite=Lax" + secure;
        document.querySelectorAll(".text-size__option").forEach(function (option) {
            if (option.getAttribute("data-size") === size) {
                option.setAttribute("aria-current", "true");
            } else {
                option.removeAttribute("aria-current");
            }
        });
    }

    document.addEventListener("click", function (event) {
        var option = event.target.closest && event.target.closest(".text-size__option");
        if (!option) return;
        event.preventDefault();
        setTextSize(option.getAttribute("data-size"));
    });

    // Refresh the breaking banner on its own (used by live delivery and by
    // pages served from a cache). Focus and scroll position are left alone.
    window.newsdesk = window.newsdesk || {};
    window.newsdesk.refreshBanner = function () {
        var slot = document.getElementById("breaking");
        if (!slot) return Promise.resolve();
        return fetch(slot.getAttribute("data-banner-url"), { credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (html === null) return;
                var template = document.createElement("template");
                template.innerHTML = html.trim();
                var fresh = template.content.querySelector(".breaking");
                var current = slot.querySelector(".breaking");
                if (!fresh || !current) return;
                // Replace the contents, not the live region itself, so screen
                // readers announce the change.
                if (current.innerHTML !== fresh.innerHTML) {
                    current.innerHTML = fresh.innerHTML;
                    current.setAttribute("data-alert-id", fresh.getAttribute("data-alert-id"));
                }
            });
    };
})();
