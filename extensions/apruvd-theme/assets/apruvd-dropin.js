/*
 * Apruvd drop-in loader (app embed "Apruvd fraud protection").
 * 1. Find the cart token (rendered by Liquid, or /cart.js when the cart is new).
 * 2. Ask the app proxy for this cart's session_id (generated server-side).
 * 3. Write it to the cart attribute the order will carry (_apruvd_session_id).
 * 4. Load the shop's Apruvd drop-in with session_id (and page_id).
 * Nothing here knows a secret; failures are silent so the storefront never breaks.
 */
(function () {
  "use strict";
  var node = document.getElementById("apruvd-dropin-config");
  if (!node || window.__apruvdDropIn) return;
  window.__apruvdDropIn = true;
  var config;
  try {
    config = JSON.parse(node.textContent || "{}");
  } catch (e) {
    return;
  }
  var root = (window.Shopify && window.Shopify.routes && window.Shopify.routes.root) || "/";

  function cartToken() {
    if (config.cartToken) return Promise.resolve(config.cartToken);
    return fetch(root + "cart.js", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : {};
      })
      .then(function (cart) {
        return cart && cart.token ? cart.token : null;
      });
  }

  function session(token) {
    var key = "apruvd:session:" + token;
    try {
      var cached = sessionStorage.getItem(key);
      if (cached) return Promise.resolve(JSON.parse(cached));
    } catch (e) {
      // sessionStorage unavailable (private mode): ask the proxy each time.
    }
    var url =
      config.proxyUrl +
      "?cart_token=" +
      encodeURIComponent(token) +
      (config.pageId ? "&page_id=" + encodeURIComponent(config.pageId) : "");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (body) {
        if (body && body.session_id) {
          try {
            sessionStorage.setItem(key, JSON.stringify(body));
          } catch (e) {
            /* not cached: asked again next time */
          }
        }
        return body;
      });
  }

  function remember(body) {
    if (config.sessionAttribute === body.session_id) return Promise.resolve();
    var attributes = {};
    attributes[body.cart_attribute || "_apruvd_session_id"] = body.session_id;
    return fetch(root + "cart/update.js", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ attributes: attributes }),
    }).then(function () {});
  }

  function load(body) {
    if (!body.script_url || document.querySelector("script[data-apruvd-dropin]")) return;
    var script = document.createElement("script");
    script.src = body.script_url;
    script.async = true;
    script.setAttribute("data-apruvd-dropin", "");
    document.head.appendChild(script);
  }

  cartToken()
    .then(function (token) {
      return token ? session(token) : null;
    })
    .then(function (body) {
      if (!body || !body.session_id) return;
      return remember(body).then(
        function () {
          load(body);
        },
        function () {
          load(body);
        },
      );
    })
    .catch(function () {});
})();
