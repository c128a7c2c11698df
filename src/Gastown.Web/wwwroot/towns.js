// "#/": the user's towns, and a form to found a new one.

import { api } from './api.js';
import { h, announce, field, formError, loadError, onSubmit, syncKeyed, timeAgo } from './dom.js';

export function townsView(main, _params, ctx) {
  ctx.setPage('Towns', []);

  const list = h('ul', { class: 'card-list' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No towns yet. Found your first one.');
  const problem = loadError();
  const form = h('form', { class: 'stack' },
    field({ label: 'Name', name: 'name', required: true, attrs: { autocomplete: 'off', maxlength: '64' } }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Create town'));

  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Towns')),
    h('div', { class: 'grid grid-wide-narrow' },
      h('section', { class: 'panel', 'aria-labelledby': 'towns-heading', 'aria-busy': 'true' },
        h('h2', { id: 'towns-heading' }, 'Your towns'), problem.el, empty, list),
      h('section', { class: 'panel', 'aria-labelledby': 'new-town-heading' },
        h('h2', { id: 'new-town-heading' }, 'New town'),
        h('p', { class: 'muted' }, 'A town holds rigs (git repositories) and has one mayor you can chat with.'),
        form)));

  const refresh = ctx.poll(async () => {
    try {
      const towns = await api.listTowns({ signal: ctx.signal });
      problem.show(null);
      empty.hidden = towns.length > 0;
      syncKeyed(list, towns, town => town.id, () => {
        const name = h('span', { class: 'card-title' });
        const meta = h('span', { class: 'card-meta' });
        const link = h('a', { class: 'card' }, name, meta);
        return {
          el: h('li', null, link),
          set(town) {
            link.href = `#/towns/${encodeURIComponent(town.id)}`;
            name.textContent = town.name;
            meta.textContent = `founded ${timeAgo(town.createdAt)}`;
          },
        };
      });
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    } finally {
      list.closest('section').removeAttribute('aria-busy');
    }
  }, 10000);

  onSubmit(form, async data => {
    const town = await api.createTown(String(data.get('name') ?? '').trim());
    form.reset();
    announce(`Town ${town.name} created`);
    refresh.now();
    location.hash = `#/towns/${encodeURIComponent(town.id)}`;
  });
}
