// Agent panel of the screen-pop sample: asks GET /screen-pop and renders the card. Everything shown comes from the API,
// already filtered to what the agent's role may see; text is inserted with textContent, never as HTML.
(() => {
  'use strict';
  const form = document.getElementById('lookup');
  const phone = document.getElementById('phone');
  const role = document.getElementById('role');
  const card = document.getElementById('card');
  const status = document.getElementById('status');

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  const link = (className, href, text) => {
    const a = el('a', className, text);
    a.href = href;
    return a;
  };

  function renderCustomer(customer) {
    const box = el('article', 'customer');
    box.append(el('h2', 'customer-name', customer.displayName || customer.id));
    if (customer.company) box.append(el('p', 'company', customer.company));
    if (customer.email) box.append(el('p', 'email', customer.email));
    if (customer.tags) {
      const tags = el('p', 'tags');
      customer.tags.forEach(t => tags.append(el('span', 'tag', t)));
      box.append(tags);
    }
    if (customer.tickets) {
      box.append(el('h3', null, 'Recent tickets'));
      const list = el('ul', 'tickets');
      customer.tickets.forEach(t => list.append(el('li', 'ticket', `${t.subject || t.id} · ${t.status || ''} · ${new Date(t.createdAt).toLocaleDateString()}`)));
      box.append(list);
    }
    if (customer.recentCalls) {
      box.append(el('h3', null, 'Recent calls'));
      const list = el('ul', 'calls');
      customer.recentCalls.forEach(c => list.append(el('li', 'call', `${c.direction} · ${c.status} · ${new Date(c.startedAt).toLocaleString()}`)));
      box.append(list);
    }
    return box;
  }

  function renderActions(actions) {
    const bar = el('p', 'actions');
    (actions || []).forEach(a => {
      if (a.kind === 'dial' && a.url) bar.append(link('dial', a.url, 'Call back'));
      if (a.kind === 'create-lead') bar.append(link('create-lead', a.url || '#', 'Create lead'));
    });
    return bar;
  }

  function render(body) {
    card.replaceChildren();
    if (body.message) {
      const notice = el('p', 'notice message', body.message);
      if (body.kind === 'unavailable') notice.classList.add('error');
      if (body.isStale) notice.classList.add('stale');
      card.append(notice);
    }
    if (body.kind === 'new-caller') {
      const box = el('article', 'new-caller');
      box.append(el('h2', null, 'New caller'));
      box.append(el('p', 'caller', body.callerE164));
      box.append(renderActions(body.actions));
      card.append(box);
      return;
    }
    (body.customers || []).forEach(c => card.append(renderCustomer(c)));
    if (body.kind === 'customer' || body.kind === 'candidates' || body.kind === 'unavailable') card.append(renderActions(body.actions));
  }

  async function lookUp(number) {
    status.textContent = 'Looking up…';
    try {
      const response = await fetch(`/screen-pop?phone=${encodeURIComponent(number)}`, {
        headers: { 'X-Dev-User': 'agent-panel', 'X-Dev-Roles': role.value, 'Accept-Language': navigator.language || 'en' },
      });
      const body = await response.json().catch(() => null);
      if (!response.ok || !body) {
        card.replaceChildren(el('p', 'notice message error', (body && body.message) || 'The screen-pop service did not answer. Try again.'));
      } else {
        render(body);
      }
    } catch {
      card.replaceChildren(el('p', 'notice message error', 'The screen-pop service cannot be reached. Check your connection and try again.'));
    } finally {
      status.textContent = '';
      card.dataset.loaded = String(Date.now());
    }
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    lookUp(phone.value);
  });

  // A call system can open the panel on a ringing call: /index.html?phone=%2B13055550100
  const initial = new URLSearchParams(location.search).get('phone');
  if (initial) {
    phone.value = initial;
    lookUp(initial);
  }
})();
