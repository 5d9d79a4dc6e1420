'use strict';
// Live status page of the master node. It reads the same JSON API scripts use (`cluster`,
// `cluster/throughput`, `functions`, `jobs`, all relative so a path prefix works) once a second, and builds
// every piece of the page with DOM calls and textContent: nothing from the API goes through innerHTML.
(() => {
  const POLL_MS = 1000;
  const TIMEOUT_MS = 4000;
  const MAX_JOBS = 50;
  const MEMBER_STATUSES = ['Joining', 'WeaklyUp', 'Up', 'Leaving', 'Exiting', 'Down', 'Removed',
    'PreparingForShutdown', 'ReadyForShutdown'];
  const JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

  // ---------- formatting ----------
  // Numbers use a fixed locale so the separator is always "," (stable for tests and screenshots);
  // times use the viewer's locale and time zone.
  const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const num = v => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  const fmtInt = v => (Number.isFinite(num(v)) ? intFmt.format(v) : '–');

  /** 1234567 → "1.2M", 500000 → "500k", 950 → "950". */
  function fmtCompact(v) {
    v = num(v);
    if (!Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    for (const [unit, suffix] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
      // 0.9995 so that 999,960 reads "1M" rather than "1000k".
      if (a >= unit * 0.9995) {
        const x = v / unit;
        return (Math.abs(x) < 9.95 ? x.toFixed(1).replace(/\.0$/, '') : Math.round(x)) + suffix;
      }
    }
    return a < 10 && a % 1 ? v.toFixed(1) : String(Math.round(v));
  }
  const fmtRate = v => (Number.isFinite(num(v)) ? fmtCompact(v) + '/s' : '–');

  function fmtDuration(ms) {
    ms = num(ms);
    if (!Number.isFinite(ms) || ms < 0) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    const t = Math.floor(ms / 1000), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    const pad = n => String(n).padStart(2, '0');
    return h ? `${h}h ${pad(m)}m` : `${m}m ${pad(s)}s`;
  }

  const timeOpts = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  function fmtTime(iso) {
    const d = new Date(iso);
    if (!iso || isNaN(d)) return '–';
    // Today's jobs need no date; older ones do.
    return d.toDateString() === new Date().toDateString()
      ? d.toLocaleTimeString(undefined, timeOpts)
      : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  /** "now", "30s ago", "2m ago", "1m 30s ago" for the chart's x-axis. */
  function fmtAgo(s) {
    s = Math.round(s);
    if (s <= 0) return 'now';
    if (s < 60) return `${s}s ago`;
    return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s ago` : `${s / 60}m ago`;
  }

  // ---------- DOM helpers ----------
  const $ = id => document.getElementById(id);

  /** createElement with attributes; children may be strings, which become text nodes (safe). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, String(v));
    }
    e.append(...children.filter(c => c != null));
    return e;
  }

  /** Writes text only when it changed, so a refresh does not disturb a selection or cause layout. */
  function setText(node, text) {
    if (typeof node === 'string') node = $(node);
    text = String(text);
    if (node.textContent !== text) node.textContent = text;
  }

  function setAttr(node, name, value) {
    value = String(value);
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }

  // Rebuilds a cell's children only when its content (given as a signature) changed.
  const signatures = new WeakMap();
  function fill(node, signature, build) {
    if (signatures.get(node) === signature) return;
    signatures.set(node, signature);
    node.replaceChildren(...build().filter(c => c != null));
  }

  /**
   * Updates a table body in place, one row per item keyed by a data attribute, so that rows are not
   * recreated every second: an open <details>, hover and text selection survive the refresh.
   */
  function syncRows(tbody, items, keyOf, dataKey, cellClasses, update, emptyText) {
    const old = new Map();
    for (const tr of Array.from(tbody.rows)) {
      if (tr.dataset[dataKey] !== undefined) old.set(tr.dataset[dataKey], tr);
      else tr.remove(); // the "nothing here" placeholder
    }
    let prev = null;
    for (const item of items) {
      const key = String(keyOf(item));
      let tr = old.get(key);
      if (tr) old.delete(key);
      else {
        tr = el('tr', null, ...cellClasses.map(c => el('td', { class: c })));
        tr.dataset[dataKey] = key;
      }
      update(tr, item);
      const want = prev ? prev.nextSibling : tbody.firstChild;
      if (tr !== want) tbody.insertBefore(tr, want);
      prev = tr;
    }
    for (const tr of old.values()) tr.remove();
    if (!items.length) {
      tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: cellClasses.length }, emptyText)));
    }
  }

  const cell = (tr, cls) => tr.querySelector('td.' + cls);
  /** A node address whose "pekko://system@" part narrow screens hide (the cell's text stays whole). */
  function address(a) {
    const m = /^([a-z]+:\/\/[^@/]*@)(.*)$/.exec(String(a));
    return m ? [el('span', { class: 'addr-scheme' }, m[1]), m[2]] : [String(a)];
  }
  const badge = (cls, text, title) => el('span', { class: 'badge ' + cls, title }, text);

  // ---------- API token ----------
  // A master started with an API token answers 401 to every API call without it. The page then asks
  // for the token once, keeps it for this tab only (sessionStorage) and sends it as a Bearer header.
  const TOKEN_KEY = 'compute-api-token';
  const tokenHeaders = () => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { Authorization: 'Bearer ' + token } : {};
  };

  function askForToken(why) {
    let form = $('token-form');
    if (!form) {
      const input = el('input', { id: 'token-input', type: 'password', autocomplete: 'current-password',
        placeholder: 'API token', 'aria-label': 'API token', required: true });
      form = el('form', { id: 'token-form', class: 'banner banner-warn token-form', hidden: true },
        el('label', { for: 'token-input', id: 'token-why' }), input, el('button', { type: 'submit' }, 'Use token'));
      form.addEventListener('submit', e => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        input.value = '';
        form.hidden = true;
      });
      $('error-banner').before(form);
    }
    setText('token-why', why);
    if (form.hidden) { form.hidden = false; $('token-input').focus(); }
  }

  /**
   * Results links cannot carry a header: with a token, a click fetches the results with it and saves
   * them as a file (a running job's followed results arrive once it has ended).
   */
  async function downloadWithToken(link) {
    const res = await fetch(link.getAttribute('href'), { cache: 'no-store', headers: tokenHeaders() });
    if (res.status === 401) { askForToken('The master refused the API token: enter it again'); return; }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    // JSON Lines for functions other than integers to integers: the file's name says which.
    const ext = (res.headers.get('Content-Type') || '').includes('ndjson') ? 'jsonl' : 'tsv';
    const save = el('a', { href: url, download: `${link.dataset.jobId || 'job'}-results.${ext}` });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  $('jobs').addEventListener('click', e => {
    const link = e.target.closest && e.target.closest('a.results-link');
    if (!link || !sessionStorage.getItem(TOKEN_KEY)) return;
    e.preventDefault();
    downloadWithToken(link).catch(err => console.error('results download failed', err));
  });

  // ---------- fetching ----------
  /** GET a JSON document with a timeout; errors carry a readable reason. */
  async function getJson(path) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(path, { cache: 'no-store', signal: ctl.signal,
        headers: { Accept: 'application/json', ...tokenHeaders() } });
      if (res.status === 401) {
        askForToken(sessionStorage.getItem(TOKEN_KEY)
          ? 'The master refused the API token: enter it again' : 'This master asks for its API token');
      }
      const text = await res.text();
      let body;
      try { body = JSON.parse(text); } catch { body = undefined; }
      if (!res.ok) {
        const why = body && typeof body.error === 'string' ? body.error : res.statusText;
        throw new Error(`HTTP ${res.status}${why ? ' ' + why : ''}`);
      }
      if (body === undefined || body === null || typeof body !== 'object') throw new Error('the answer is not JSON');
      return body;
    } catch (e) {
      const why = ctl.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message || String(e);
      throw Object.assign(new Error(`${path}: ${why}`), { why });
    } finally {
      clearTimeout(timer);
    }
  }

  // ---------- cluster: header, tiles, members, worker nodes ----------
  function renderCluster(c) {
    setText('self-address', c.self || '–');
    const members = Array.isArray(c.members) ? c.members : [];
    renderMembers(members, c.leader, c.self);

    const up = members.filter(m => m.status === 'Up').length;
    const unreachable = members.filter(m => m.reachable === false).length;
    setText('tile-members', `${fmtInt(up)} / ${fmtInt(members.length)}`);
    setText('tile-members-sub', unreachable ? `${fmtInt(unreachable)} unreachable` : 'all reachable');
    $('tile-members-sub').classList.toggle('bad', unreachable > 0);
    setText('members-note', `${fmtInt(members.length)} member${members.length === 1 ? '' : 's'}`);

    // Without the job manager the cluster answer has no worker figures, only the reason.
    const warning = $('job-manager-warning');
    const jmDown = typeof c.jobManager === 'string';
    const storeFailing = typeof c.jobStore === 'string' && c.jobStore !== 'ok';
    warning.hidden = !jmDown && !storeFailing;
    if (jmDown) setText(warning, `job manager ${c.jobManager}`);
    else if (storeFailing) setText(warning, `job store ${c.jobStore}: no new jobs are accepted until it works again`);

    const workers = jmDown || !Array.isArray(c.workers) ? [] : c.workers;
    setText('tile-worker-nodes', jmDown ? '–' : fmtInt(c.workerNodes));
    setText('tile-worker-actors', jmDown ? '–' : fmtInt(c.workerActors));
    setText('tile-chunks', jmDown ? '–' : fmtInt(c.chunksInFlight));
    setText('tile-rate', jmDown ? '–' : fmtCompact(c.tasksPerSecond));
    setText('tile-rate-sub', jmDown ? '' : `${fmtInt(c.tasksPerSecond)} tasks/s`);
    renderWorkers(workers, jmDown ? 'job manager unreachable' : 'No worker nodes have joined');
  }

  function renderMembers(members, leader, self) {
    syncRows($('members'), members, m => m.address, 'address', ['address', 'roles', 'status', 'reachable'], (tr, m) => {
      const roles = Array.isArray(m.roles) ? m.roles : [];
      const isLeader = m.address === leader, isSelf = m.address === self;
      fill(cell(tr, 'address'), `${m.address}|${isLeader}|${isSelf}`, () => [
        el('span', { class: 'mono', title: String(m.address) }, ...address(m.address)),
        isLeader ? badge('badge-leader', '★ leader', 'cluster leader') : null,
        isSelf ? badge('badge-self', 'this master', 'the node serving this page') : null,
      ]);
      fill(cell(tr, 'roles'), roles.join('\n'), () => roles.map(r => el('span', { class: 'chip' }, String(r))));
      const status = String(m.status);
      fill(cell(tr, 'status'), status, () => [
        badge('st-' + (MEMBER_STATUSES.includes(status) ? status : 'other'), status)]);
      const reachable = m.reachable !== false;
      fill(cell(tr, 'reachable'), String(reachable), () => [reachable
        ? badge('badge-ok', 'reachable')
        : badge('badge-unreachable', '⚠ unreachable', 'the failure detector cannot reach this node')]);
      tr.classList.toggle('row-bad', !reachable);
    }, 'No members');
  }

  function renderWorkers(workers, emptyText) {
    // Shares are of the sum shown in the table so that they add up to 100 %. A node is "slow" when it
    // does less than half of what its number of actors would give it: that is what the bar flags.
    const totalRate = workers.reduce((s, w) => s + (num(w.tasksPerSecond) || 0), 0);
    const totalActors = workers.reduce((s, w) => s + (num(w.actors) || 0), 0);
    syncRows($('workers'), workers, w => w.node, 'node',
      ['node', 'actors num', 'chunks-in-flight num', 'tasks-done num', 'tasks-per-second num', 'share'], (tr, w) => {
        // The node's worker actors, each with the chunks it holds: a stuck actor shows as one that keeps its chunks.
        const actors = Array.isArray(w.workerActors) ? w.workerActors : [];
        const td0 = cell(tr, 'node');
        fill(td0, String(w.node) + '|' + actors.map(a => a.name).join(','), () => [
          el('span', { title: String(w.node) }, ...address(w.node)),
          el('div', { class: 'actor-list' }, ...actors.map(a => el('span', { class: 'actor-chip', 'data-actor': a.name })))]);
        actors.forEach(a => {
          const chip = td0.querySelector(`.actor-chip[data-actor="${CSS.escape(String(a.name))}"]`);
          setText(chip, `${a.name} · ${fmtInt(a.chunksInFlight)}`);
          setAttr(chip, 'title', `${a.name}: ${fmtInt(a.chunksInFlight)} chunks in flight`);
        });
        setText(cell(tr, 'actors'), fmtInt(w.actors));
        setText(cell(tr, 'chunks-in-flight'), fmtInt(w.chunksInFlight));
        setText(cell(tr, 'tasks-done'), fmtInt(w.tasksDone));
        setText(cell(tr, 'tasks-per-second'), fmtInt(w.tasksPerSecond));
        setAttr(cell(tr, 'tasks-per-second'), 'title', fmtRate(w.tasksPerSecond));

        const share = totalRate > 0 ? (num(w.tasksPerSecond) || 0) / totalRate : 0;
        const expected = totalActors > 0 ? (num(w.actors) || 0) / totalActors : 0;
        const slow = totalRate > 0 && expected > 0 && share < expected / 2;
        const td = cell(tr, 'share');
        fill(td, 'bar', () => [el('div', { class: 'share-bar' },
          el('span', { class: 'share-fill' }), el('span', { class: 'share-expected' })),
        el('span', { class: 'share-label num' })]);
        td.querySelector('.share-fill').style.width = (share * 100).toFixed(1) + '%';
        td.querySelector('.share-expected').style.left = (expected * 100).toFixed(1) + '%';
        setText(td.querySelector('.share-label'), totalRate > 0 ? Math.round(share * 100) + '%' : '–');
        setAttr(td, 'title', `${(share * 100).toFixed(1)}% of current throughput; its ${fmtInt(w.actors)} of ` +
          `${fmtInt(totalActors)} actors would give ${(expected * 100).toFixed(1)}% (the tick)` +
          (slow ? ' — less than half of that' : ''));
        tr.classList.toggle('slow', slow);
      }, emptyText);
    setText('workers-note', workers.length && totalRate === 0 ? 'idle' : '');
  }

  // ---------- functions ----------
  function renderFunctions(data) {
    const all = Array.isArray(data.functions) ? data.functions : [];
    const live = all.filter(f => Array.isArray(f.nodes) && f.nodes.length).length;
    setText('functions-note', all.length === live ? `${fmtInt(all.length)} offered`
      : `${fmtInt(live)} of ${fmtInt(all.length)} offered now`);
    syncRows($('functions'), all, f => `${f.name}@${f.version}`, 'function',
      ['name', 'version', 'types', 'nodes'], (tr, f) => {
        const nodes = Array.isArray(f.nodes) ? f.nodes.map(String) : [];
        tr.classList.toggle('gone', !nodes.length);
        setText(cell(tr, 'name'), f.name ?? '–');
        setText(cell(tr, 'version'), f.version ?? '–');
        setText(cell(tr, 'types'), `${f.input ?? '?'} → ${f.output ?? '?'}`);
        fill(cell(tr, 'nodes'), nodes.join(' '), () => [nodes.length ? nodes.join(', ')
          : el('span', { class: 'muted', title: 'offered before; its jobs wait until a worker offering it joins' },
            'none now')]);
      }, 'No functions offered yet');
  }

  // ---------- jobs ----------
  function renderJobs(data) {
    const all = Array.isArray(data.jobs) ? data.jobs : [];
    const running = all.filter(j => j.state === 'RUNNING').length;
    const queued = all.filter(j => j.state === 'QUEUED').length;
    setText('tile-running', fmtInt(running));
    setText('tile-running-sub', queued ? `${fmtInt(queued)} queued` : '');
    setText('jobs-note', all.length > MAX_JOBS ? `newest ${MAX_JOBS} of ${fmtInt(all.length)}`
      : `${fmtInt(all.length)} job${all.length === 1 ? '' : 's'}`);

    syncRows($('jobs'), all.slice(0, MAX_JOBS), j => j.id, 'jobId',
      ['id', 'function', 'input', 'progress-cell', 'state', 'rate num', 'elapsed num', 'submitted', 'failures', 'results'],
      updateJobRow, 'No jobs yet');
  }

  function updateJobRow(tr, j) {
    const id = String(j.id), state = String(j.state);
    const stateClass = JOB_STATES.includes(state) ? state : 'other';
    tr.className = 'job-' + stateClass;
    fill(cell(tr, 'id'), id, () => [el('span', { class: 'mono job-id', title: id }, id.slice(0, 8))]);
    setText(cell(tr, 'function'), j.function ?? '–');
    setAttr(cell(tr, 'function'), 'title', j.version ? `${j.function}@${j.version}` : '');
    setText(cell(tr, 'input'), j.input ?? '–');
    setAttr(cell(tr, 'input'), 'title', j.input ?? '');

    // Progress: completed (and failed, in red) out of total.
    const total = Math.max(0, num(j.total) || 0), completed = num(j.completed) || 0, failed = num(j.failed) || 0;
    const ended = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state);
    const frac = total > 0 ? Math.min(1, (completed + failed) / total) : (ended ? 1 : 0);
    const pct = v => (total > 0 ? (Math.min(1, v / total) * 100).toFixed(2) : 0) + '%';
    const pc = cell(tr, 'progress-cell');
    fill(pc, 'progress', () => [
      el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
        el('span', { class: 'progress-ok' }), el('span', { class: 'progress-failed' })),
      el('div', { class: 'progress-text' }, el('span', { class: 'progress-pct' }), el('span', { class: 'progress-count' })),
    ]);
    const bar = pc.querySelector('.progress');
    setAttr(bar, 'data-completed', Math.round(completed));
    setAttr(bar, 'data-failed', Math.round(failed));
    setAttr(bar, 'data-total', Math.round(total));
    // Floor, so a job never reads 100.0 % before its last task is done.
    const shownPct = (Math.floor(frac * 1000) / 10).toFixed(1);
    setAttr(bar, 'aria-valuenow', shownPct);
    pc.querySelector('.progress-ok').style.width = total > 0 ? pct(completed) : (ended ? '100%' : '0%');
    // A few failures out of millions still get a visible sliver.
    pc.querySelector('.progress-failed').style.width = failed > 0 ? `max(2px, ${pct(failed)})` : '0%';
    setText(pc.querySelector('.progress-pct'), shownPct + '%');
    setText(pc.querySelector('.progress-count'), `${fmtInt(completed)} / ${fmtInt(total)}`);

    // A job no live worker can run says why it waits.
    const waiting = j.waitingFor && !ended ? String(j.waitingFor) : '';
    fill(cell(tr, 'state'), state + '\n' + waiting, () => [badge('js-' + stateClass, state),
      waiting ? el('div', { class: 'waiting muted' }, 'waiting: ' + waiting) : null]);
    setText(cell(tr, 'rate'), fmtRate(j.tasksPerSecond));
    setAttr(cell(tr, 'rate'), 'title', `${fmtInt(j.tasksPerSecond)} tasks/s`);
    setText(cell(tr, 'elapsed'), fmtDuration(j.elapsedMillis));
    setText(cell(tr, 'submitted'), fmtTime(j.submittedAt));
    setAttr(cell(tr, 'submitted'), 'title',
      `submitted ${j.submittedAt ?? '–'}` + (j.finishedAt ? `\nfinished ${j.finishedAt}` : '') +
      `\nchunk size ${fmtInt(j.chunkSize)}`);

    renderFailures(cell(tr, 'failures'), failed, Array.isArray(j.errors) ? j.errors : []);

    // Results are served once a job has ended, or streamed while it runs with ?follow=true.
    const base = 'jobs/' + encodeURIComponent(id) + '/results';
    const link = state === 'SUCCEEDED' || state === 'FAILED' ? [base, 'results']
      : state === 'RUNNING' ? [base + '?follow=true', 'follow'] : null;
    fill(cell(tr, 'results'), link ? link.join(' ') : '', () => [link
      ? el('a', { href: link[0], target: '_blank', rel: 'noopener', class: 'results-link', 'data-job-id': id }, link[1])
      : el('span', { class: 'muted' }, '–')]);
  }

  /** The failure count, with the first errors in a <details> that stays open across refreshes. */
  function renderFailures(td, failed, errors) {
    if (!failed) {
      fill(td, 'none', () => [el('span', { class: 'muted' }, '–')]);
      return;
    }
    fill(td, 'details', () => [el('details', null, el('summary'), el('ul', { class: 'errors' }))]);
    setText(td.querySelector('summary'), `${fmtInt(failed)} failed`);
    const more = failed - errors.length;
    fill(td.querySelector('ul'), JSON.stringify(errors) + more, () => [
      ...errors.map(e => el('li', null, el('code', null, String(e.input)), ' → ', String(e.error))),
      more > 0 ? el('li', { class: 'muted' }, `… and ${fmtInt(more)} more`) : null,
    ]);
  }

  // ---------- throughput chart ----------
  const chart = { points: [], hoverX: null };

  function renderThroughput(t) {
    const samples = Array.isArray(t.samples) ? t.samples : [];
    const interval = num(t.intervalSeconds) > 0 ? t.intervalSeconds : 1;
    // Ages are taken from the last sample's own time, not the browser clock, so clock skew does not matter.
    const times = samples.map(s => Date.parse(s.at));
    const useTimes = times.length > 0 && times.every(Number.isFinite);
    const last = times[times.length - 1];
    chart.points = samples.map((s, i) => ({
      ago: useTimes ? (last - times[i]) / 1000 : (samples.length - 1 - i) * interval,
      v: Math.max(0, num(s.tasksPerSecond) || 0),
    }));
    const now = samples.length ? samples[samples.length - 1].tasksPerSecond : NaN;
    setText('throughput-current', fmtCompact(now));
    setAttr($('throughput-current'), 'title', `${fmtInt(now)} tasks/s`);
    drawChart();
  }

  /** A "nice" y-axis: steps of 1, 2, 2.5 or 5 × 10^n, at least 1 task/s, about four of them. */
  function niceScale(max) {
    if (!(max > 0)) return { top: 10, step: 5 };
    const rough = max / 4, mag = 10 ** Math.floor(Math.log10(rough)), n = rough / mag;
    const step = Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * mag);
    return { top: Math.ceil(max / step) * step, step };
  }

  function drawChart() {
    const canvas = $('throughput-chart');
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h) return;
    // Back the canvas with device pixels so lines and text stay crisp on HiDPI screens.
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(w * dpr), ph = Math.round(h * dpr);
    if (canvas.width !== pw || canvas.height !== ph) { canvas.width = pw; canvas.height = ph; }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);

    // Colours come from CSS custom properties, so the chart follows the light/dark theme.
    const css = getComputedStyle(canvas);
    const color = name => css.getPropertyValue(name).trim() || '#888';
    ctx.font = `12px ${css.fontFamily}`;
    ctx.lineWidth = 1;

    const pts = chart.points;
    const { top, step } = niceScale(pts.reduce((m, p) => Math.max(m, p.v), 0));
    const ticks = [];
    for (let i = 0; i * step <= top + step / 2; i++) ticks.push(i * step);
    const left = Math.ceil(Math.max(...ticks.map(v => ctx.measureText(fmtCompact(v)).width))) + 14;
    const right = 14, topPad = 10, bottom = 24;
    const plotW = Math.max(10, w - left - right), plotH = Math.max(10, h - topPad - bottom);
    // Time window: the smallest of 1, 2, 5, 10 minutes that holds every sample.
    const oldest = pts.length ? pts[0].ago : 0;
    const span = [60, 120, 300, 600].find(s => s >= oldest) ?? oldest;
    const x = ago => left + plotW * (1 - ago / span);
    const y = v => topPad + plotH * (1 - v / top);

    // Grid and y labels.
    ctx.strokeStyle = color('--grid');
    ctx.fillStyle = color('--muted');
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks) {
      const yy = Math.round(y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(left, yy); ctx.lineTo(left + plotW, yy); ctx.stroke();
      ctx.fillText(fmtCompact(v), left - 6, yy);
    }
    // X ticks: the smallest step that leaves about 80 px per label.
    const xStep = [5, 10, 15, 30, 60, 120, 300, 600].find(s => (plotW * s) / span >= 80) ?? span;
    ctx.textBaseline = 'top';
    for (let ago = 0; ago <= span + 1e-9; ago += xStep) {
      const xx = Math.round(x(ago)) + 0.5;
      ctx.beginPath(); ctx.moveTo(xx, topPad + plotH); ctx.lineTo(xx, topPad + plotH + 4); ctx.stroke();
      ctx.textAlign = ago === 0 ? 'right' : ago + xStep > span ? 'left' : 'center';
      ctx.fillText(fmtAgo(ago), ago === 0 ? xx + 4 : xx, topPad + plotH + 7);
    }

    const note = text => {
      ctx.textAlign = 'center'; ctx.textBaseline = 'middle'; ctx.fillStyle = color('--muted');
      ctx.fillText(text, left + plotW / 2, topPad + plotH / 2);
    };
    if (!pts.length) { note('waiting for throughput samples…'); return; }

    // Area and line.
    ctx.save();
    ctx.beginPath(); ctx.rect(left, topPad - 2, plotW, plotH + 4); ctx.clip();
    ctx.beginPath();
    ctx.moveTo(x(pts[0].ago), y(0));
    for (const p of pts) ctx.lineTo(x(p.ago), y(p.v));
    ctx.lineTo(x(pts[pts.length - 1].ago), y(0));
    ctx.closePath();
    ctx.fillStyle = color('--chart-fill');
    ctx.fill();
    ctx.beginPath();
    pts.forEach((p, i) => (i ? ctx.lineTo(x(p.ago), y(p.v)) : ctx.moveTo(x(p.ago), y(p.v))));
    ctx.strokeStyle = color('--accent');
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.stroke();
    const lastP = pts[pts.length - 1];
    ctx.fillStyle = color('--accent');
    ctx.beginPath(); ctx.arc(x(lastP.ago), y(lastP.v), 3.5, 0, 2 * Math.PI); ctx.fill();
    ctx.restore();
    if (pts.every(p => p.v === 0)) note('idle: no tasks completed');

    // Hover read-out: the sample nearest to the pointer.
    if (chart.hoverX != null && chart.hoverX >= left && chart.hoverX <= left + plotW) {
      const p = pts.reduce((b, q) => (Math.abs(x(q.ago) - chart.hoverX) < Math.abs(x(b.ago) - chart.hoverX) ? q : b));
      const xx = Math.round(x(p.ago)) + 0.5;
      ctx.strokeStyle = color('--muted'); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(xx, topPad); ctx.lineTo(xx, topPad + plotH); ctx.stroke();
      const label = `${fmtInt(p.v)} tasks/s · ${fmtAgo(p.ago)}`;
      const tw = ctx.measureText(label).width + 12;
      const bx = Math.min(Math.max(left, xx - tw / 2), left + plotW - tw);
      ctx.fillStyle = color('--surface'); ctx.strokeStyle = color('--border');
      ctx.fillRect(bx, topPad, tw, 20); ctx.strokeRect(bx + 0.5, topPad + 0.5, tw - 1, 19);
      ctx.fillStyle = color('--text'); ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      ctx.fillText(label, bx + 6, topPad + 10);
    }
  }

  // Redraw at most once a frame on resize, theme change and hover.
  let drawQueued = false;
  const requestDraw = () => {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => { drawQueued = false; drawChart(); });
  };

  // ---------- polling ----------
  let updates = 0;

  function showErrors(unreachable, broken) {
    const banner = $('error-banner');
    const lines = [];
    // One reason for every endpoint (the usual case when the master is down) is said once.
    const reasons = new Set(unreachable.map(e => e.why));
    if (unreachable.length) {
      lines.push('master unreachable: ' + (unreachable.length === endpoints.length && reasons.size === 1
        ? unreachable[0].why : unreachable.map(e => e.message).join('; ')));
    }
    if (broken.length) lines.push('could not show the answer: ' + broken.join('; '));
    banner.hidden = lines.length === 0;
    setText(banner, lines.join('\n'));
    document.body.classList.toggle('stale', lines.length > 0);
    const dot = $('live-dot');
    dot.className = 'dot ' + (lines.length ? 'dot-bad' : 'dot-ok');
    setAttr(dot, 'title', lines.length ? 'the last refresh failed' : 'live');
  }

  const endpoints = [['cluster', renderCluster], ['cluster/throughput', renderThroughput],
    ['functions', renderFunctions], ['jobs', renderJobs]];

  /** One refresh of every endpoint; the next starts only once this one has ended, so polls never overlap. */
  async function refresh() {
    const started = performance.now();
    const answers = await Promise.allSettled(endpoints.map(([path]) => getJson(path)));
    const unreachable = [], broken = [];
    answers.forEach((a, i) => {
      const [path, render] = endpoints[i];
      if (a.status === 'rejected') { unreachable.push(a.reason); return; }
      try { render(a.value); } catch (e) { console.error(e); broken.push(`${path}: ${e.message}`); }
    });
    if (!unreachable.length && !broken.length) {
      // A refresh sent before the token was given may have asked for it again: this one got in.
      const tokenForm = $('token-form');
      if (tokenForm) tokenForm.hidden = true;
      updates++;
      document.body.dataset.updates = String(updates);
      setText('last-update', new Date().toLocaleTimeString(undefined, timeOpts));
    }
    showErrors(unreachable, broken);
    setTimeout(refresh, Math.max(0, POLL_MS - (performance.now() - started)));
  }

  const canvas = $('throughput-chart');
  new ResizeObserver(requestDraw).observe(canvas);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', requestDraw);
  canvas.addEventListener('pointermove', e => { chart.hoverX = e.offsetX; requestDraw(); });
  canvas.addEventListener('pointerleave', () => { chart.hoverX = null; requestDraw(); });
  refresh();
})();
