/**
 * Stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js), which
 * cannot be fetched offline. The browser tests intercept that request and serve this
 * script instead. It does only what the real one does for these pages:
 *
 * - adds the session token (the page's `id_token`) as `Authorization: Bearer` to the
 *   app's own fetches, so Remix data requests pass authenticate.admin;
 * - `window.shopify.toast.show` → a visible, role="status" toast (#stub-toast);
 * - the `ui-save-bar` element → a visible contextual save bar (#stub-save-bar) whose
 *   child buttons are the page's own Save/Discard buttons;
 * - `ui-nav-menu` / `ui-title-bar` → hidden (the admin draws them outside the iframe).
 */
export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export const APP_BRIDGE_STUB = String.raw`
(function () {
  var script = document.currentScript;
  var apiKeyMeta = document.querySelector('meta[name="shopify-api-key"]');
  var params = new URLSearchParams(location.search);
  var token = params.get("id_token") || sessionStorage.getItem("stub-id-token");
  if (token) sessionStorage.setItem("stub-id-token", token);
  var nativeFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url, location.href);
    if (url.origin === location.origin && token) {
      init = Object.assign({}, init || {});
      var headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
      init.headers = headers;
    }
    return nativeFetch(input, init);
  };

  var toasts = [];
  function toast(message, options) {
    toasts.push({ message: message, isError: Boolean(options && options.isError) });
    var el = document.getElementById("stub-toast");
    if (!el) {
      el = document.createElement("div");
      el.id = "stub-toast";
      el.setAttribute("role", "status");
      el.style.cssText = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:99999;padding:10px 16px;border-radius:10px;font:500 14px system-ui;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.25)";
      document.body.appendChild(el);
    }
    el.textContent = message;
    el.dataset.error = options && options.isError ? "true" : "false";
    el.style.background = options && options.isError ? "#8e1f0b" : "#303030";
  }

  var saveBars = {};
  class SaveBar extends HTMLElement {
    connectedCallback() {
      if (this.id) saveBars[this.id] = this;
      this.style.display = this.hasAttribute("data-open") ? "flex" : "none";
    }
    show() {
      this.setAttribute("data-open", "");
      this.id = this.id || "stub-save-bar";
      this.style.cssText = "display:flex;position:fixed;top:0;left:0;right:0;z-index:99998;gap:8px;justify-content:flex-end;align-items:center;padding:10px 16px;background:#1a1a1a";
      if (!this.querySelector(".stub-save-bar-label")) {
        var label = document.createElement("span");
        label.className = "stub-save-bar-label";
        label.textContent = "Unsaved changes";
        label.style.cssText = "color:#fff;font:600 14px system-ui;margin-right:auto";
        this.prepend(label);
      }
      this.querySelectorAll("button").forEach(function (b) {
        b.style.cssText = "font:600 13px system-ui;padding:6px 12px;border-radius:8px;border:0;cursor:pointer;" + (b.getAttribute("variant") === "primary" ? "background:#fff;color:#000" : "background:#404040;color:#fff");
      });
      document.documentElement.dataset.saveBar = "open";
      this.dispatchEvent(new CustomEvent("show"));
      return Promise.resolve();
    }
    hide() {
      this.removeAttribute("data-open");
      this.style.display = "none";
      delete document.documentElement.dataset.saveBar;
      this.dispatchEvent(new CustomEvent("hide"));
      return Promise.resolve();
    }
    toggle() { return this.hasAttribute("data-open") ? this.hide() : this.show(); }
    get showing() { return this.hasAttribute("data-open"); }
  }
  function hidden() { return class extends HTMLElement { connectedCallback() { this.style.display = "none"; } }; }
  if (!customElements.get("ui-save-bar")) customElements.define("ui-save-bar", SaveBar);
  if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", hidden());
  if (!customElements.get("ui-title-bar")) customElements.define("ui-title-bar", hidden());

  window.shopify = {
    config: { apiKey: apiKeyMeta ? apiKeyMeta.getAttribute("content") : script ? script.getAttribute("data-api-key") : "", shop: params.get("shop"), host: params.get("host") },
    idToken: function () { return Promise.resolve(token); },
    toast: { show: toast, hide: function () {} },
    saveBar: {
      show: function (id) { return saveBars[id] && saveBars[id].show(); },
      hide: function (id) { return saveBars[id] && saveBars[id].hide(); },
      toggle: function (id) { return saveBars[id] && saveBars[id].toggle(); },
      leaveConfirmation: function () { return Promise.resolve(); },
    },
    loading: function () {},
    __stub: { toasts: toasts },
  };
})();
`;
