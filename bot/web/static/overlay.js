// Kingpin OBS overlay: one WebSocket of typed events; no framework, no CDN.
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const all = ["crown", "standings", "heist", "toasts"];
  const wanted = new Set((params.get("widgets") || all.join(",")).split(",").map((w) => w.trim()));
  const $ = (id) => document.getElementById(id);
  const money = (cents) => "$" + (Number(cents || 0) / 100).toFixed(2);
  let heistTimer = null;
  let delay = 500;

  function show(id, on) { $(id).classList.toggle("hidden", !(on && wanted.has(id))); }
  function text(id, value) { $(id).textContent = value == null ? "" : String(value); }

  function crown(c) {
    if (!c || !c.holder) { show("crown", false); return; }
    text("crown-holder", c.holder);
    text("crown-total", money(c.total_cents) + " this stream");
    const list = $("crown-buffs");
    list.replaceChildren(...(c.buffs || []).map((b) => { const li = document.createElement("li"); li.textContent = b; return li; }));
    show("crown", true);
  }

  function standings(top) {
    const list = $("standings-list");
    list.replaceChildren(...(top || []).map((s) => {
      const li = document.createElement("li");
      li.textContent = s.name + " — " + money(s.cents);
      return li;
    }));
    show("standings", top && top.length > 0);
  }

  function heist(h) {
    clearInterval(heistTimer);
    if (!h) { show("heist", false); return; }
    text("heist-prompt", h.prompt);
    const ends = new Date(h.started_at).getTime() + h.seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      text("heist-seconds", left + " s left");
      $("heist-bar").style.width = (100 * left / h.seconds) + "%";
      if (left <= 0) { clearInterval(heistTimer); }
    };
    tick();
    heistTimer = setInterval(tick, 1000);
    show("heist", true);
  }

  function toast(title, body, big) {
    if (!wanted.has("toasts")) return;
    const box = document.createElement("div");
    box.className = "toast" + (big ? " big" : "");
    const t = document.createElement("div"); t.className = "title"; t.textContent = title || "";
    const b = document.createElement("div"); b.textContent = body || "";
    box.append(t, b);
    $("toasts").prepend(box);
    setTimeout(() => box.classList.add("leaving"), big ? 9000 : 6000);
    setTimeout(() => box.remove(), big ? 9700 : 6700);
  }

  const handlers = {
    state(e) { crown(e.crown); standings(e.standings); heist(e.heist); },
    session(e) { if (!e.session) { crown(null); standings([]); heist(null); } else toast("🔴 LIVE", e.session.title || "A new session started", false); },
    crown(e) {
      crown(e);
      if (e.holder) {
        $("crown").classList.remove("flash"); void $("crown").offsetWidth; $("crown").classList.add("flash");
        toast("👑 New Juicernaut", e.holder + (e.previous ? " takes the crown from " + e.previous : " takes the crown"), true);
      }
    },
    standings(e) { standings(e.top); },
    heist_started(e) { heist(e); },
    heist_won(e) { heist(null); toast("💰 Heist won", e.winner + " cracked it: " + e.answer + (e.response_ms != null ? " (" + (e.response_ms / 1000).toFixed(1) + " s)" : ""), true); },
    heist_expired(e) { heist(null); toast("⌛ Heist over", "Nobody got it. The answer was " + e.answer, false); },
    big_win(e) { toast(e.title, e.text, true); },
    toast(e) { toast(e.title, e.text, false); },
  };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/overlay/ws?token=" + encodeURIComponent(token));
    ws.onopen = () => { delay = 500; $("status").classList.add("hidden"); };
    ws.onmessage = (msg) => {
      let event;
      try { event = JSON.parse(msg.data); } catch (_) { return; }
      const handle = handlers[event.type];
      if (handle) handle(event);
      document.body.dataset.lastEvent = event.type;
    };
    ws.onclose = () => {
      $("status").classList.remove("hidden");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }
  connect();
})();
