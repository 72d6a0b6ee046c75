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
  function setStatus(state, text, data) {
    status.dataset.state = state;
    status.textContent = text;
    Object.entries(data || {}).forEach(([k, v]) => { status.dataset[k] = v; });
  }

  // --- the map: a graticule always, OpenStreetMap tiles when asked for ---
  const map = L.map('map', { worldCopyJump: true, preferCanvas: true }).setView([20, 0], 2);
  const graticule = L.layerGroup().addTo(map);
  for (let lon = -180; lon <= 180; lon += 10) {
    L.polyline([[-90, lon], [90, lon]], { color: '#8aa', weight: lon % 30 === 0 ? 0.8 : 0.3, interactive: false }).addTo(graticule);
  }
  for (let lat = -80; lat <= 80; lat += 10) {
    L.polyline([[lat, -180], [lat, 180]], { color: '#8aa', weight: lat === 0 ? 1.2 : (lat % 30 === 0 ? 0.8 : 0.3), interactive: false }).addTo(graticule);
  }
  const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19, attribution: '&copy; OpenStreetMap contributors'
  });
  const osmBox = document.getElementById('osm');
  osmBox.checked = localStorage.getItem('swath.console.osm') === 'on';
  function applyOsm() {
    if (osmBox.checked) { osm.addTo(map); } else { osm.remove(); }
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

  function showDetails(f) {
    const box = document.getElementById('details');
    box.textContent = '';
    if (!f) return;
    const h = document.createElement('h3'); h.textContent = f.id; box.appendChild(h);
    const props = {};
    Object.entries(f.properties || {}).forEach(([k, v]) => { props[k] = typeof v === 'object' ? JSON.stringify(v) : String(v); });
    box.appendChild(definitionList(props));
    const assets = Object.entries(f.assets || {});
    if (assets.length) {
      const ah = document.createElement('h3'); ah.textContent = 'Assets'; box.appendChild(ah);
      const links = {};
      assets.forEach(([k, a]) => {
        const link = document.createElement('a');
        link.href = a.href; link.textContent = a.href; link.target = '_blank'; link.rel = 'noopener';
        links[k + (a.type ? ' (' + a.type + ')' : '')] = link;
      });
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
    draw(features);
    const ms = Math.round(performance.now() - t0);
    setStatus('done', features.length + ' footprints' + (matched !== null ? ' of ' + matched : '') + ' in ' + ms + ' ms',
      { footprints: features.length, matched: matched === null ? '' : matched, ms: ms });
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

  // --- jobs: the newest, refreshed every few seconds ---
  async function loadJobs() {
    const jobs = (await getJson('api/jobs?limit=20')).jobs;
    const tbody = document.querySelector('#jobs tbody');
    tbody.textContent = '';
    jobs.forEach(j => {
      const tr = document.createElement('tr');
      tr.dataset.job = j.id;
      tr.dataset.state = j.state;
      tr.title = j.id + (j.error ? '\n' + j.error : '');
      const tasks = Object.entries(j.tasks).map(([k, v]) => v + ' ' + k).join(', ');
      const progress = j.progress.map(p => p.label + ' ' + p.done + '/' + p.total).join(', ');
      [j.name, j.state, tasks, progress].forEach(v => { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); });
      tbody.appendChild(tr);
    });
    status.dataset.jobs = jobs.length;
  }
  function pollJobs() {
    loadJobs().catch(err => reportError('jobs: ' + err.message)).finally(() => setTimeout(pollJobs, 5000));
  }

  // --- start: the tree, then what the address asks for (?dataset=&collection=&bbox=&time=&filter=&limit=&run=1) ---
  (async function start() {
    const t0 = performance.now();
    await loadDatasets();
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
