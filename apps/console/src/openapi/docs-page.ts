/**
 * The browsable API reference at /docs: one self-contained HTML page (no CDN, works offline) that
 * reads /openapi.json and lists every operation with its parameters, body and answer schemas.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ArcTrigger console API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; color: #fff; padding: 16px 24px; }
  header p { margin: 4px 0 0; color: #c8cdd6; max-width: 70em; }
  main { padding: 8px 24px 48px; max-width: 80em; }
  h2 { margin: 28px 0 8px; text-transform: capitalize; }
  details { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; margin: 6px 0; }
  summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: baseline; }
  .m { font: bold 12px monospace; padding: 2px 6px; border-radius: 4px; color: #fff; min-width: 48px; text-align: center; }
  .get { background: #2f7d32; } .post { background: #1565c0; } .patch { background: #8e5a00; } .delete { background: #b3261e; }
  .p { font-family: monospace; } .role { margin-left: auto; color: #5b6472; font-size: 12px; }
  .body { padding: 4px 16px 12px; } pre { background: #f1f3f6; padding: 8px; overflow: auto; max-height: 28em; }
  table { border-collapse: collapse; } td, th { border-bottom: 1px solid #e4e7eb; padding: 3px 8px; text-align: left; }
</style>
</head>
<body>
<header><h1>ArcTrigger console API</h1><p id="desc">Loading /openapi.json …</p></header>
<main id="ops"></main>
<script>
(async () => {
  const doc = await (await fetch('/openapi.json')).json();
  document.getElementById('desc').textContent = doc.info.description + ' Version ' + doc.info.version + '.';
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    children.forEach((c) => e.append(c));
    return e;
  };
  const json = (v) => el('pre', {}, JSON.stringify(v, null, 2));
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method, op });
  }
  const main = document.getElementById('ops');
  for (const [tag, ops] of Object.entries(byTag)) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const body = el('div', { class: 'body' }, el('p', {}, op.summary));
      if (op.parameters.length) {
        const t = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'required'), el('th', {}, 'schema')));
        op.parameters.forEach((p) => t.append(el('tr', {}, el('td', {}, p.name), el('td', {}, p.in), el('td', {}, String(p.required)), el('td', {}, JSON.stringify(p.schema)))));
        body.append(el('h4', {}, 'Parameters'), t);
      }
      if (op.requestBody) body.append(el('h4', {}, 'Request body'), json(op.requestBody.content['application/json'].schema));
      for (const [status, r] of Object.entries(op.responses)) {
        const content = r.content && Object.values(r.content)[0];
        body.append(el('h4', {}, status + ' — ' + r.description));
        if (content && content.schema && status < '300') body.append(json(content.schema));
      }
      main.append(el('details', {}, el('summary', {}, el('span', { class: 'm ' + method }, method.toUpperCase()), el('span', { class: 'p' }, path),
        el('span', { class: 'role' }, op['x-required-role'] ? 'role: ' + op['x-required-role'] : 'public')), body));
    }
  }
})();
</script>
</body>
</html>
`;
