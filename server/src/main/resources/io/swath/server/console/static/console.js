// The Swath web console: the dataset tree from /console/api, searches through the STAC API
// (POST /search) on the same port, footprints drawn with Leaflet.
'use strict';
(function () {
  const errors = document.getElementById('errors');
  function reportError(message) {
    const li = document.createElement('li');
    li.textContent = message;
    errors.appendChild(li);
  }
  window.addEventListener('error', e => reportError('error: ' + e.message));
  window.addEventListener('unhandledrejection', e => reportError('unhandled: ' + (e.reason && e.reason.message || e.reason)));

  const status = document.getElementById('status');
  // resolves with 'frame' once the browser has drawn what the DOM holds now (the frame after the
  // next one starts), or with 'timer' after 1 s in a browser that stops drawing frames (a headless
  // one taking a snapshot), so that timings can tell the two apart
  function nextFrame() {
    return new Promise(r => {
      requestAnimationFrame(() => setTimeout(() => r('frame'), 0));
      setTimeout(() => r('timer'), 1000);
    });
  }
  function setStatus(state, text, data) {
    status.dataset.state = state;
    status.textContent = text;
    Object.entries(data || {}).forEach(([k, v]) => { status.dataset[k] = v; });
  }

  // --- the map: a graticule always, OpenStreetMap tiles when asked for ---
  const map = L.map('map', { worldCopyJump: true, preferCanvas: true }).setView([20, 0], 2);
  // the map, for scripts run in the page (and the browser test, which clicks footprints by position)
  window.swathConsole = { map };
  const graticule = L.layerGroup().addTo(map);
  for (let lon = -180; lon <= 180; lon += 10) {
    L.polyline([[-90, lon], [90, lon]], { color: '#8aa', weight: lon % 30 === 0 ? 0.8 : 0.3, interactive: false }).addTo(graticule);
  }
  for (let lat = -80; lat <= 80; lat += 10) {
    L.polyline([[lat, -180], [lat, 180]], { color: '#8aa', weight: lat === 0 ? 1.2 : (lat % 30 === 0 ? 0.8 : 0.3), interactive: false }).addTo(graticule);
  }
  // land (Natural Earth 1:110m from the npm package world-atlas, read by topojson-client; both
  // installed when the server is built) under the graticule and footprints, so that the map is
  // usable without internet
  map.createPane('land').style.zIndex = 250;
  const land = L.geoJSON(null, { pane: 'land', renderer: L.canvas({ pane: 'land' }), interactive: false,
    style: { color: '#8a9a86', weight: 0.7, fillColor: '#f4f1e6', fillOpacity: 1 } });
  const landLoaded = fetch('lib/basemap/world-atlas/land-110m.json')
    .then(r => { if (!r.ok) throw new Error('the base map: HTTP ' + r.status); return r.json(); })
    .then(topo => {
      const g = topojson.feature(topo, topo.objects.land);
      const features = g.type === 'FeatureCollection' ? g.features : [g];
      land.addData(g);
      // polygons drawn, for the test to compare with the file
      status.dataset.land = features.reduce((n, f) => n + (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.length : 1), 0);
    })
    .catch(err => reportError(err.message));
  const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19, attribution: '&copy; OpenStreetMap contributors'
  });
  const osmBox = document.getElementById('osm');
  osmBox.checked = localStorage.getItem('swath.console.osm') === 'on';
  function applyOsm() {
    // the tiles draw the land themselves
    if (osmBox.checked) { osm.addTo(map); land.remove(); } else { osm.remove(); land.addTo(map); }
    localStorage.setItem('swath.console.osm', osmBox.checked ? 'on' : 'off');
  }
  osmBox.addEventListener('change', applyOsm);
  applyOsm();

  // --- drawing a box ---
  const bboxInput = document.getElementById('q-bbox');
  let boxLayer = null;
  function showBox() {
    if (boxLayer) { boxLayer.remove(); boxLayer = null; }
    const b = parseBbox(bboxInput.value);
    if (b) {
      boxLayer = L.rectangle([[b[1], b[0]], [b[3], b[2]]], { color: '#e63946', fill: false, weight: 2, interactive: false }).addTo(map);
    }
  }
  bboxInput.addEventListener('change', showBox);
  document.getElementById('draw').addEventListener('click', () => {
    map.dragging.disable();
    map.getContainer().style.cursor = 'crosshair';
    let start = null, rect = null;
    function down(e) { start = e.latlng; rect = L.rectangle([start, start], { color: '#e63946', fill: false }).addTo(map); }
    function move(e) { if (rect) rect.setBounds([start, e.latlng]); }
    function up(e) {
      if (!start) return;
      const b = L.latLngBounds(start, e.latlng);
      rect.remove();
      bboxInput.value = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(4)).join(',');
      showBox();
      map.off('mousedown', down); map.off('mousemove', move); map.off('mouseup', up);
      map.dragging.enable();
      map.getContainer().style.cursor = '';
    }
    map.on('mousedown', down); map.on('mousemove', move); map.on('mouseup', up);
  });

  function parseBbox(text) {
    if (!text.trim()) return null;
    const v = text.split(',').map(Number);
    if (v.length !== 4 || v.some(isNaN)) throw new Error('the box must be four numbers W,S,E,N, got "' + text + '"');
    return v;
  }

  // --- the dataset tree ---
  let datasets = [];
  let target = null; // {dataset, collection}
  // An API key, when the server asks for one (401): kept for this browser tab only, sent as a
  // bearer token with every API call.
  const keyForm = document.getElementById('key');
  function askForKey(why) {
    document.getElementById('key-why').textContent = why || '';
    keyForm.hidden = false;
    document.getElementById('key-input').focus();
    return new Promise(resolve => keyForm.addEventListener('submit', e => {
      e.preventDefault();
      const key = document.getElementById('key-input').value.trim();
      sessionStorage.setItem('swath.apiKey', key);
      keyForm.hidden = true;
      resolve(key);
    }, { once: true }));
  }
  let keyPrompt = null;
  async function getJson(url, init) {
    let r;
    for (;;) {
      const key = sessionStorage.getItem('swath.apiKey');
      const headers = Object.assign({}, (init && init.headers) || {});
      if (key) headers['Authorization'] = 'Bearer ' + key;
      r = await fetch(url, Object.assign({}, init, { headers }));
      if (r.status !== 401) break;
      const why = (await r.json().catch(() => ({}))).description;
      keyPrompt = keyPrompt || askForKey(why).finally(() => { keyPrompt = null; });
      await keyPrompt;
    }
    const body = await r.json();
    if (!r.ok) throw new Error((body.code || r.status) + ': ' + (body.description || JSON.stringify(body)));
    return body;
  }

  async function loadDatasets() {
    datasets = (await getJson('api/datasets')).datasets;
    const tree = document.getElementById('tree');
    tree.textContent = '';
    const groups = new Map();
    datasets.forEach(d => {
      if (!groups.has(d.group)) groups.set(d.group, []);
      groups.get(d.group).push(d);
    });
    groups.forEach((list, group) => {
      const g = document.createElement('div');
      g.className = 'group';
      const name = document.createElement('div');
      name.className = 'name';
      name.textContent = group || '(top level)';
      g.appendChild(name);
      list.forEach(d => {
        const dn = document.createElement('div');
        dn.className = 'dataset';
        dn.textContent = d.slug.substring(group ? group.length + 1 : 0) + ' (' + d.kind + ')';
        g.appendChild(dn);
        d.collections.forEach(c => {
          const cn = document.createElement('div');
          cn.className = 'coll';
          cn.dataset.dataset = d.slug;
          cn.dataset.collection = c.name;
          cn.textContent = c.name + ' · ' + c.count.toLocaleString('en');
          cn.addEventListener('click', () => select(d, c));
          g.appendChild(cn);
        });
      });
      tree.appendChild(g);
    });
  }

  async function select(d, c) {
    target = { dataset: d, collection: c };
    document.querySelectorAll('.coll').forEach(e => e.classList.toggle('sel', e.dataset.dataset === d.slug && e.dataset.collection === c.name));
    document.getElementById('q-target').value = d.slug + ' / ' + c.name;
    const list = document.getElementById('queryables');
    list.textContent = '';
    d.schema.forEach(f => { const o = document.createElement('option'); o.value = f.name; list.appendChild(o); });
    const info = document.getElementById('info');
    info.textContent = '';
    const h = document.createElement('h2');
    h.textContent = d.slug + ' / ' + c.name;
    info.appendChild(h);
    info.appendChild(definitionList({
      kind: d.kind, description: d.description || '—', datapoints: c.count.toLocaleString('en'),
      first: c.first_time || '—', last: c.last_time || '—', 'STAC id': c.stac_id,
      schema: d.schema.map(f => f.name + ': ' + f.type).join(', ')
    }));
    if (c.bbox) map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { maxZoom: 8 });
    const span = c.first_time && c.last_time ? (Date.parse(c.last_time) - Date.parse(c.first_time)) / 86400000 : 0;
    const bucket = span > 400 ? 'month' : 'day';
    const hist = await getJson('api/histogram?dataset=' + encodeURIComponent(d.slug) + '&collection=' + encodeURIComponent(c.name) + '&bucket=' + bucket);
    const bars = document.createElement('div');
    bars.id = 'histogram';
    const max = Math.max(1, ...hist.buckets.map(b => b.count));
    hist.buckets.forEach(b => {
      const bar = document.createElement('div');
      bar.style.height = (100 * b.count / max) + '%';
      bar.title = b.start.substring(0, bucket === 'month' ? 7 : 10) + ': ' + b.count;
      bar.dataset.count = b.count;
      bars.appendChild(bar);
    });
    const ht = document.createElement('h3');
    ht.textContent = 'Datapoints per ' + bucket;
    info.appendChild(ht);
    info.appendChild(bars);
    updateSnippet();
  }

  function definitionList(entries) {
    const dl = document.createElement('dl');
    Object.entries(entries).forEach(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd');
      if (v instanceof Node) dd.appendChild(v); else dd.textContent = v;
      dl.append(dt, dd);
    });
    return dl;
  }

  // --- the query ---
  function currentQuery() {
    return {
      bbox: parseBbox(bboxInput.value),
      time: document.getElementById('q-time').value.trim(),
      filter: document.getElementById('q-filter').value.trim(),
      limit: Math.max(1, Math.min(10000, Number(document.getElementById('q-limit').value) || 1000))
    };
  }

  function shellQuote(s) { return /^[\w.,:/+@=-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'"; }
  function javaString(s) { return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'; }

  function cliCommand(q) {
    const parts = ['swath', 'query', shellQuote(target.dataset.slug), '--collection', shellQuote(target.collection.name)];
    if (q.time) parts.push('--time', shellQuote(q.time));
    if (q.bbox) parts.push('--bbox', q.bbox.join(','));
    if (q.filter) parts.push('--filter', shellQuote(q.filter));
    return parts.join(' ');
  }

  function javaCode(q) {
    let query = q.time ? 'Query.time(' + javaString(q.time) + ')' : 'Query.all()';
    if (q.bbox) query += '\n        .bbox(' + q.bbox.join(', ') + ')';
    if (q.filter) query += '\n        .filter(' + javaString(q.filter) + ')';
    return 'try (DatasetsClient client = DatasetsClient.connect()) {\n'
      + '  DatapointTable result = client.dataset(' + javaString(target.dataset.slug) + ')\n'
      + '      .collection(' + javaString(target.collection.name) + ')\n'
      + '      .query(' + query + ');\n'
      + '}';
  }

  function updateSnippet() {
    const pre = document.getElementById('snippet');
    try {
      if (!target) { pre.textContent = ''; return; }
      const q = currentQuery();
      pre.textContent = cliCommand(q) + '\n\n' + javaCode(q);
    } catch (e) {
      pre.textContent = e.message;
    }
  }
  document.getElementById('query').addEventListener('input', updateSnippet);

  async function copy(text) {
    try { await navigator.clipboard.writeText(text); setStatus('copied', 'copied to the clipboard'); }
    catch (e) { setStatus('copy-failed', 'select the text below to copy it'); }
  }
  document.getElementById('copy-cli').addEventListener('click', () => target && copy(cliCommand(currentQuery())));
  document.getElementById('copy-java').addEventListener('click', () => target && copy(javaCode(currentQuery())));

  let footprints = L.featureGroup().addTo(map);
  const layersById = new Map();
  const rowsById = new Map();
  const plain = { color: '#1d3557', weight: 1, fillOpacity: 0.08 };
  const chosen = { color: '#e63946', weight: 3, fillOpacity: 0.3 };
  let selected = null;

  function choose(id, pan) {
    if (selected) {
      const l = layersById.get(selected); if (l) l.setStyle(plain);
      const r = rowsById.get(selected); if (r) r.classList.remove('sel');
    }
    selected = id;
    const layer = layersById.get(id), row = rowsById.get(id);
    if (layer) { layer.setStyle(chosen); layer.bringToFront(); if (pan) map.fitBounds(layer.getBounds(), { maxZoom: 9 }); }
    if (row) { row.classList.add('sel'); row.scrollIntoView({ block: 'nearest' }); }
    showDetails(row && row.feature);
    status.dataset.selected = id;
  }

  // A datapoint's details: what it is, every property, every asset and link of its STAC item.
  function showDetails(f) {
    const box = document.getElementById('details');
    box.textContent = '';
    if (!f) return;
    box.dataset.id = f.id;
    const h = document.createElement('h3'); h.textContent = f.id; box.appendChild(h);
    const about = { collection: f.collection || '—' };
    if (f.geometry) about.geometry = f.geometry.type + (f.bbox ? ' in ' + f.bbox.map(v => +v.toFixed(4)).join(', ') : '');
    box.appendChild(definitionList(about));
    const ph = document.createElement('h3'); ph.textContent = 'Properties'; box.appendChild(ph);
    const props = {};
    Object.entries(f.properties || {}).forEach(([k, v]) => { props[k] = v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v); });
    const pl = definitionList(props);
    pl.className = 'properties';
    box.appendChild(pl);
    const link = (href, text) => {
      const a = document.createElement('a');
      a.href = href; a.textContent = text || href; a.target = '_blank'; a.rel = 'noopener';
      return a;
    };
    const assets = Object.entries(f.assets || {});
    if (assets.length) {
      const ah = document.createElement('h3'); ah.textContent = 'Assets'; box.appendChild(ah);
      const links = {};
      assets.forEach(([k, a]) => {
        const span = document.createElement('span');
        span.appendChild(link(a.href));
        const more = [a.title, a.type, (a.roles || []).join(' ')].filter(Boolean).join(' · ');
        if (more) span.appendChild(document.createTextNode(' (' + more + ')'));
        links[k] = span;
      });
      const al = definitionList(links);
      al.className = 'assets';
      box.appendChild(al);
    }
    const itemLinks = (f.links || []).filter(l => l.href);
    if (itemLinks.length) {
      const lh = document.createElement('h3'); lh.textContent = 'Links'; box.appendChild(lh);
      const links = {};
      itemLinks.forEach((l, i) => { links[l.rel + (links[l.rel] ? ' ' + i : '')] = link(l.href); });
      box.appendChild(definitionList(links));
    }
  }

  async function search() {
    if (!target) throw new Error('pick a collection in the tree first');
    const q = currentQuery();
    const body = { collections: [target.collection.stac_id], limit: Math.min(q.limit, 1000) };
    if (q.bbox) body.bbox = q.bbox;
    if (q.time) body.datetime = q.time.includes('/') ? q.time : q.time + '/..';
    if (q.filter) { body.filter = q.filter; body['filter-lang'] = 'cql2-text'; }
    setStatus('searching', 'searching…');
    const t0 = performance.now();
    let features = [];
    let matched = null;
    let page = await getJson('../search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (;;) {
      features = features.concat(page.features);
      if (matched === null && page.numberMatched !== undefined) matched = page.numberMatched;
      const next = (page.links || []).find(l => l.rel === 'next');
      if (!next || features.length >= q.limit) break;
      page = next.method === 'POST'
        ? await getJson(next.href, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(next.body) })
        : await getJson(next.href);
    }
    features = features.slice(0, q.limit);
    const t1 = performance.now();
    draw(features);
    const drawnBy = await nextFrame();
    const t2 = performance.now();
    performance.measure('search-fetch', { start: t0, end: t1 });
    performance.measure('search-draw', { start: t1, end: t2 });
    const ms = Math.round(t2 - t0);
    setStatus('done', features.length + ' footprints' + (matched !== null ? ' of ' + matched : '') + ' in ' + ms + ' ms',
      { footprints: features.length, matched: matched === null ? '' : matched, ms: ms,
        fetchMs: Math.round(t1 - t0), drawMs: Math.round(t2 - t1), drawnBy: drawnBy });
  }

  function draw(features) {
    footprints.remove();
    footprints = L.featureGroup();
    layersById.clear(); rowsById.clear(); selected = null;
    const thead = document.querySelector('#table thead'), tbody = document.querySelector('#table tbody');
    thead.textContent = ''; tbody.textContent = '';
    const columns = ['id', 'datetime'].concat(target.dataset.schema.map(f => f.name).filter(n => n !== 'time' && n !== 'id' && n !== 'geometry').slice(0, 8));
    const hr = document.createElement('tr');
    columns.forEach(c => { const th = document.createElement('th'); th.textContent = c; hr.appendChild(th); });
    thead.appendChild(hr);
    const fragment = document.createDocumentFragment();
    features.forEach(f => {
      if (f.geometry) {
        const layer = L.geoJSON(f, { style: plain }).getLayers()[0];
        layer.on('click', () => choose(f.id, false));
        layer.addTo(footprints);
        layersById.set(f.id, layer);
      }
      const tr = document.createElement('tr');
      tr.dataset.id = f.id;
      tr.feature = f;
      columns.forEach(c => {
        const td = document.createElement('td');
        const v = c === 'id' ? f.id : (f.properties || {})[c];
        td.textContent = v === undefined || v === null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v));
        tr.appendChild(td);
      });
      tr.addEventListener('click', () => choose(f.id, true));
      fragment.appendChild(tr);
      rowsById.set(f.id, tr);
    });
    tbody.appendChild(fragment);
    footprints.addTo(map);
    status.dataset.drawn = layersById.size;
    if (layersById.size) map.fitBounds(footprints.getBounds(), { maxZoom: 9 });
  }

  document.getElementById('query').addEventListener('submit', e => {
    e.preventDefault();
    search().catch(err => setStatus('error', err.message));
  });

  // --- what the key may do (GET api/me): cancel and retry need write ---
  let may = { read: true, write: false };
  async function loadMe() {
    const me = await getJson('api/me');
    may = me.may;
    const who = document.getElementById('who');
    who.textContent = me.keys_required ? 'key ' + me.key + ' (' + Object.keys(me.may).filter(k => me.may[k]).join(', ') + ')' : '';
    who.dataset.write = may.write;
  }

  // --- jobs: the newest, refreshed every few seconds; one opened as a task graph ---
  let openJobId = null;
  async function loadJobs() {
    const jobs = (await getJson('api/jobs?limit=20')).jobs;
    const tbody = document.querySelector('#jobs tbody');
    tbody.textContent = '';
    jobs.forEach(j => {
      const tr = document.createElement('tr');
      tr.dataset.job = j.id;
      tr.dataset.state = j.state;
      tr.title = j.id + (j.error ? '\n' + j.error : '');
      if (j.id === openJobId) tr.classList.add('sel');
      const tasks = Object.entries(j.tasks).map(([k, v]) => v + ' ' + k).join(', ');
      const progress = j.progress.map(p => p.label + ' ' + p.done + '/' + p.total).join(', ');
      [j.name, j.state, tasks, progress].forEach(v => { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); });
      tr.addEventListener('click', () => openJob(j.id).catch(err => reportError('job: ' + err.message)));
      tbody.appendChild(tr);
    });
    status.dataset.jobs = jobs.length;
  }
  function pollJobs() {
    loadJobs().catch(err => reportError('jobs: ' + err.message)).finally(() => setTimeout(pollJobs, 5000));
  }

  const SVG = 'http://www.w3.org/2000/svg';
  const BOX_W = 170, BOX_H = 46, GAP_X = 24, GAP_Y = 56, MARGIN = 16;
  // siblings of one type beyond this many are drawn as one box with counts by state (as `swath jobs graph` does)
  const GROUP_ABOVE = 6;
  const jobView = document.getElementById('jobview');
  let jobGeneration = 0;     // bumped when a job is opened or closed: stale polls stop
  let selectedTask = null;   // {kind: 'task'|'group', key}

  function svg(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (parent) parent.appendChild(e);
    return e;
  }

  // Nodes (a task, or a group of same-type siblings), each at the depth of its deepest task: a
  // task sits one below its parent and one below every task it depends on.
  function layout(tasks) {
    const byId = new Map(tasks.map(t => [t.id, t]));
    const depth = new Map();
    function depthOf(t) {
      if (depth.has(t.id)) return depth.get(t.id);
      depth.set(t.id, 0); // a cycle (never made by the server) cannot loop
      let d = 0;
      const up = (t.parent ? [t.parent] : []).concat(t.depends_on);
      up.forEach(id => { const u = byId.get(id); if (u) d = Math.max(d, depthOf(u) + 1); });
      depth.set(t.id, d);
      return d;
    }
    const siblings = new Map();
    tasks.forEach((t, i) => {
      t.order = i;
      const k = (t.parent || '') + '\u0000' + t.display;
      if (!siblings.has(k)) siblings.set(k, []);
      siblings.get(k).push(t);
    });
    const nodes = [], nodeOf = new Map();
    siblings.forEach((list, k) => {
      const groups = list.length > GROUP_ABOVE ? [list] : list.map(t => [t]);
      groups.forEach(g => {
        const n = { key: g.length > 1 ? 'group:' + k : g[0].id, tasks: g, group: g.length > 1, order: g[0].order,
          depth: Math.max(...g.map(depthOf)) };
        nodes.push(n);
        g.forEach(t => nodeOf.set(t.id, n));
      });
    });
    const layers = [];
    nodes.sort((a, b) => a.order - b.order).forEach(n => { (layers[n.depth] = layers[n.depth] || []).push(n); });
    const widest = Math.max(1, ...layers.map(l => (l || []).length));
    layers.forEach((layer, d) => {
      if (!layer) return;
      // under the parent's position, then in creation order
      layer.forEach(n => { const p = n.tasks[0].parent && nodeOf.get(n.tasks[0].parent); n.rank = p && p.x !== undefined ? p.x : 0; });
      layer.sort((a, b) => a.rank - b.rank || a.order - b.order);
      const offset = (widest - layer.length) * (BOX_W + GAP_X) / 2;
      layer.forEach((n, i) => { n.x = MARGIN + offset + i * (BOX_W + GAP_X); n.y = MARGIN + d * (BOX_H + GAP_Y); });
    });
    const edges = new Map();
    tasks.forEach(t => {
      const to = nodeOf.get(t.id);
      const add = (id, kind) => {
        const from = nodeOf.get(id);
        if (from && from !== to) edges.set(from.key + '>' + to.key + kind, { from, to, kind });
      };
      if (t.parent) add(t.parent, 'parent');
      t.depends_on.forEach(id => add(id, 'dependency'));
    });
    return { nodes, edges: [...edges.values()], width: 2 * MARGIN + widest * (BOX_W + GAP_X) - GAP_X,
      height: 2 * MARGIN + layers.length * (BOX_H + GAP_Y) - GAP_Y };
  }

  function clip(text, n) { return text.length > n ? text.substring(0, n - 1) + '…' : text; }

  function stateCounts(tasks) {
    const c = {};
    tasks.forEach(t => { c[t.state] = (c[t.state] || 0) + 1; });
    return c;
  }

  // the state a group shows: failed beats running beats waiting beats completed
  function groupState(tasks) {
    const c = stateCounts(tasks);
    for (const s of ['failed', 'running', 'computed', 'queued', 'waiting', 'cancelled', 'completed']) if (c[s]) return s;
    return 'waiting';
  }

  function drawGraph(data) {
    const g = layout(data.tasks);
    const box = document.getElementById('graph');
    box.textContent = '';
    const root = svg('svg', { width: Math.max(g.width, 200), height: Math.max(g.height, 60), id: 'graph-svg' }, box);
    const defs = svg('defs', {}, root);
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#555' }, marker);
    g.edges.forEach(e => {
      const x1 = e.from.x + BOX_W / 2, y1 = e.from.y + BOX_H, x2 = e.to.x + BOX_W / 2, y2 = e.to.y;
      const my = (y1 + y2) / 2;
      svg('path', { d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}`, class: 'edge ' + e.kind, 'marker-end': 'url(#arrow)',
        'data-from': e.from.key, 'data-to': e.to.key }, root);
    });
    g.nodes.forEach(n => {
      const t = n.tasks[0];
      const state = n.group ? groupState(n.tasks) : t.state;
      const node = svg('g', { class: 'task' + (n.group ? ' group' : ''), transform: `translate(${n.x},${n.y})`, 'data-state': state,
        'data-display': t.display }, root);
      if (n.group) { node.dataset.group = n.key; node.dataset.count = n.tasks.length; } else { node.dataset.task = t.id; }
      svg('rect', { width: BOX_W, height: BOX_H, rx: 5, class: 'state-' + state }, node);
      const title = svg('text', { x: 8, y: 17, class: 'name' }, node);
      title.textContent = clip(t.display + (n.group ? ' ×' + n.tasks.length : ''), 24);
      const sub = svg('text', { x: 8, y: 34, class: 'sub' }, node);
      if (n.group) {
        const c = stateCounts(n.tasks);
        sub.textContent = clip(Object.entries(c).map(([k, v]) => v + ' ' + k).join(', '), 28);
        // a bar of the states' shares along the bottom
        let x = 0;
        Object.entries(c).forEach(([k, v]) => {
          const w = BOX_W * v / n.tasks.length;
          svg('rect', { x, y: BOX_H - 5, width: w, height: 5, class: 'bar state-' + k }, node);
          x += w;
        });
      } else {
        sub.textContent = t.state + (t.attempts ? ', ' + t.attempts + ' failed attempt' + (t.attempts === 1 ? '' : 's') : '')
          + (t.optional ? ', optional' : '');
      }
      const tip = svg('title', {}, node);
      tip.textContent = n.group ? t.display + ': ' + n.tasks.length + ' tasks' : t.display + ' (' + t.name + ')\n' + t.id + '\n' + t.state
        + (t.error ? '\n' + t.error : '');
      node.addEventListener('click', () => selectTask(n.group ? { kind: 'group', key: n.key } : { kind: 'task', key: t.id }, data));
      if (selectedTask && selectedTask.key === n.key) node.classList.add('sel');
    });
    box.dataset.nodes = g.nodes.length;
    box.dataset.edges = g.edges.length;
  }

  function showJobHeader(data) {
    const j = data.job;
    document.getElementById('job-title').textContent = j.name + ' · ' + j.state + (data.truncated ? ' · first ' + data.tasks.length + ' tasks' : '');
    document.getElementById('job-title').title = j.id + (j.error ? '\n' + j.error : '');
    const err = document.getElementById('job-error');
    err.textContent = j.error || '';
    document.getElementById('job-cancel').hidden = !may.write || j.final;
    document.getElementById('job-retry').hidden = !may.write || !(j.state === 'failed' || j.state === 'cancelled');
    jobView.dataset.job = j.id;
    jobView.dataset.state = j.state;
    jobView.dataset.tasks = data.tasks.length;
  }

  async function selectTask(sel, data) {
    selectedTask = sel;
    jobView.querySelectorAll('g.task.sel').forEach(e => e.classList.remove('sel'));
    const node = sel.kind === 'group' ? jobView.querySelector(`g.task[data-group="${CSS.escape(sel.key)}"]`)
      : jobView.querySelector(`g.task[data-task="${CSS.escape(sel.key)}"]`);
    if (node) node.classList.add('sel');
    const pane = document.getElementById('task-pane');
    pane.dataset.task = sel.kind === 'task' ? sel.key : '';
    if (sel.kind === 'group') {
      // the group's tasks, each opening its own logs
      const tasks = data.tasks.filter(t => ('group:' + (t.parent || '') + '\u0000' + t.display) === sel.key);
      pane.textContent = '';
      const h = document.createElement('h3'); h.textContent = tasks[0].display + ' ×' + tasks.length; pane.appendChild(h);
      const table = document.createElement('table');
      tasks.forEach(t => {
        const tr = document.createElement('tr');
        tr.dataset.task = t.id;
        [t.id, t.state, t.attempts ? t.attempts + ' failed' : '', t.error || ''].forEach(v => {
          const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
        });
        tr.addEventListener('click', () => selectTask({ kind: 'task', key: t.id }, data));
        table.appendChild(tr);
      });
      pane.appendChild(table);
      return;
    }
    await showLogs(data.job.id, data.tasks.find(t => t.id === sel.key));
  }

  async function showLogs(jobId, task) {
    const pane = document.getElementById('task-pane');
    if (!task) { pane.textContent = ''; return; }
    const logs = await getJson('api/jobs/' + encodeURIComponent(jobId) + '/logs?task=' + encodeURIComponent(task.id) + '&limit=500');
    if (pane.dataset.task !== task.id) return;
    pane.textContent = '';
    const h = document.createElement('h3');
    h.textContent = task.display + ' · ' + task.state;
    pane.appendChild(h);
    pane.appendChild(definitionList({ id: task.id, type: task.name, cluster: task.cluster, created: task.created_at || '—',
      started: task.started_at || '—', finished: task.finished_at || '—', 'failed attempts': String(task.attempts),
      error: task.error || '—' }));
    const lh = document.createElement('h3');
    lh.textContent = 'Logs' + (logs.lines.length === logs.limit ? ' (first ' + logs.limit + ')' : '');
    pane.appendChild(lh);
    const table = document.createElement('table');
    table.id = 'logs';
    table.dataset.lines = logs.lines.length;
    logs.lines.forEach(l => {
      const tr = document.createElement('tr');
      tr.className = 'log-' + l.level;
      [l.time, l.level, 'attempt ' + l.attempt, l.message].forEach(v => { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); });
      table.appendChild(tr);
    });
    if (!logs.lines.length) { const tr = document.createElement('tr'); tr.textContent = 'no log lines'; table.appendChild(tr); }
    pane.appendChild(table);
  }

  // Opens a job's graph and polls it every second while it can still change; stops when it is final.
  async function openJob(id) {
    const generation = ++jobGeneration;
    if (openJobId !== id) { selectedTask = null; document.getElementById('task-pane').textContent = ''; }
    openJobId = id;
    document.querySelectorAll('#jobs tbody tr').forEach(tr => tr.classList.toggle('sel', tr.dataset.job === id));
    jobView.hidden = false;
    jobView.dataset.updates = 0;
    let data;
    for (;;) {
      data = await getJson('api/jobs/' + encodeURIComponent(id));
      if (generation !== jobGeneration) return;
      showJobHeader(data);
      drawGraph(data);
      jobView.dataset.updates = Number(jobView.dataset.updates) + 1;
      if (selectedTask && selectedTask.kind === 'task') {
        await showLogs(id, data.tasks.find(t => t.id === selectedTask.key)).catch(err => reportError('logs: ' + err.message));
      }
      jobView.dataset.polling = data.job.final ? 'off' : 'on';
      if (data.job.final) return;
      await new Promise(r => setTimeout(r, 1000));
      if (generation !== jobGeneration) return;
    }
  }

  function closeJob() {
    jobGeneration++;
    openJobId = null;
    jobView.hidden = true;
    jobView.dataset.polling = 'off';
    document.querySelectorAll('#jobs tbody tr').forEach(tr => tr.classList.remove('sel'));
  }

  async function jobAction(action) {
    const id = openJobId;
    if (!id) return;
    await getJson('api/jobs/' + encodeURIComponent(id) + '/' + action, { method: 'POST' });
    setStatus(action === 'cancel' ? 'cancelled' : 'retried', (action === 'cancel' ? 'cancelled ' : 'retrying ') + id);
    loadJobs().catch(err => reportError('jobs: ' + err.message));
    openJob(id).catch(err => reportError('job: ' + err.message));
  }
  document.getElementById('job-cancel').addEventListener('click', () => jobAction('cancel').catch(err => reportError('cancel: ' + err.message)));
  document.getElementById('job-retry').addEventListener('click', () => jobAction('retry').catch(err => reportError('retry: ' + err.message)));
  document.getElementById('job-close').addEventListener('click', closeJob);

  // --- start: the tree, then what the address asks for (?dataset=&collection=&bbox=&time=&filter=&limit=&run=1) ---
  (async function start() {
    const t0 = performance.now();
    await loadDatasets();
    status.dataset.treeDrawnBy = await nextFrame();
    performance.mark('datasets-drawn');
    // since the page started loading (navigation), and the part spent asking for and drawing the tree
    status.dataset.treeMs = Math.round(performance.now());
    status.dataset.treeFetchMs = Math.round(performance.now() - t0);
    await landLoaded;
    await nextFrame();
    status.dataset.landMs = Math.round(performance.now());
    await loadMe();
    await loadJobs();
    setTimeout(pollJobs, 5000);
    setStatus('ready', datasets.length + ' datasets', { datasets: datasets.length, ms: Math.round(performance.now() - t0) });
    const p = new URLSearchParams(location.search);
    if (p.get('bbox')) { bboxInput.value = p.get('bbox'); showBox(); }
    if (p.get('time')) document.getElementById('q-time').value = p.get('time');
    if (p.get('filter')) document.getElementById('q-filter').value = p.get('filter');
    if (p.get('limit')) document.getElementById('q-limit').value = p.get('limit');
    const d = datasets.find(x => x.slug === p.get('dataset'));
    const c = d && d.collections.find(x => x.name === (p.get('collection') || d.collections[0] && d.collections[0].name));
    if (p.get('job')) openJob(p.get('job')).catch(err => reportError('job: ' + err.message));
    if (c) {
      await select(d, c);
      if (p.get('run') === '1') await search();
      if (p.get('select') && layersById.size) {
        const id = p.get('select') === 'first' ? layersById.keys().next().value : p.get('select');
        layersById.get(id).fire('click');
      }
    }
  })().catch(err => { setStatus('error', err.message); reportError(err.message); });
})();
