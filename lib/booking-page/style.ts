// The booking pages' style sheet, served as /book-assets/booking-page.<hash>.css (lib/booking-page/assets.ts).
// Colours keep at least 4.5:1 against their background (WCAG AA); every size is fixed before slots arrive.
export const style = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1a1a1a;--muted:#555;--line:#c8c8c8;--accent:#0b57d0;--accent-ink:#fff;--soft:#e8f0fe;--bad:#a4001d;--bad-soft:#fdecee;--ok:#0b6b2f;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f7f9}
body{margin:0}
a{color:var(--accent)}
.page{max-width:960px;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:16px}
.event .owner{margin:0;color:var(--muted);font-weight:600}
.event h1{margin:4px 0 8px;font-size:1.5rem;line-height:1.25}
.event .meta{margin:0;color:var(--muted)}
.event .description{white-space:pre-line;margin:8px 0 0}
.app{margin-top:16px;min-height:560px}
.picker{display:grid;gap:16px;grid-template-columns:1fr}
@media (min-width:760px){.picker{grid-template-columns:minmax(0,1fr) 260px}.app{min-height:470px}}
.options{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;margin-bottom:12px}
.options label{display:block;font-weight:600;font-size:.875rem}
select,input,textarea,button{font:inherit;color:inherit}
select,input,textarea{border:1px solid #767676;border-radius:8px;padding:8px;background:#fff;max-width:100%}
select{min-height:44px}
.zone select{width:260px}
.month{display:flex;align-items:center;justify-content:space-between;margin-bottom:8px}
.month h2{font-size:1.125rem;margin:0}
.nav{width:44px;height:44px;border-radius:50%;border:1px solid var(--line);background:#fff;cursor:pointer}
.nav:disabled{color:#767676;cursor:default;border-color:#e2e2e2}
table.days{width:100%;border-collapse:collapse;table-layout:fixed}
table.days th{font-size:.75rem;font-weight:600;color:var(--muted);padding:4px 0;text-align:center}
table.days td{padding:2px;text-align:center;height:48px}
.day{width:100%;max-width:48px;height:44px;border-radius:50%;border:0;background:transparent;color:#595959;font-weight:400}
.day.free{background:var(--soft);color:var(--accent);font-weight:700;cursor:pointer}
.day.free:hover{background:#d2e3fc}
.day[aria-pressed=true]{background:var(--accent);color:var(--accent-ink)}
.day.today{text-decoration:underline;text-underline-offset:3px}
.times h2{font-size:1rem;margin:0 0 8px;min-height:1.5em}
.times ul{list-style:none;margin:0;padding:0 4px 0 0;height:360px;overflow-y:auto}
.times li{margin:0 0 8px}
.time{width:100%;min-height:44px;border:1px solid var(--accent);border-radius:8px;background:#fff;color:var(--accent);font-weight:700;cursor:pointer}
.time:hover{background:var(--soft)}
.hint{color:var(--muted);margin:0}
.status{min-height:1.5em;margin:8px 0 0;color:var(--muted)}
.alert{border:1px solid var(--bad);background:var(--bad-soft);color:var(--bad);border-radius:8px;padding:8px 12px;margin:0 0 12px}
.alert:empty{display:none}
.primary{min-height:44px;padding:8px 20px;border:0;border-radius:8px;background:var(--accent);color:var(--accent-ink);font-weight:700;cursor:pointer}
.primary:disabled{background:#5f6368;cursor:progress}
.secondary{min-height:44px;padding:8px 16px;border:1px solid var(--line);border-radius:8px;background:#fff;cursor:pointer}
.danger{background:var(--bad)}
form .field{margin:0 0 12px}
form label{display:block;font-weight:600;margin-bottom:4px}
form input,form textarea,form select{width:100%}
form textarea{min-height:96px}
.req{color:var(--bad)}
.chosen{font-weight:700;margin:0 0 12px}
.done h2{margin-top:0}
.done dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:12px 0}
.done dt{font-weight:600;color:var(--muted)}
.done dd{margin:0}
.links{display:flex;flex-wrap:wrap;gap:8px 16px;margin:12px 0 0;padding:0;list-style:none}
.links a{display:inline-block;min-height:44px;padding:10px 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.event-list{list-style:none;padding:0;margin:16px 0 0;display:grid;gap:12px}
.event-list a{display:block;padding:12px 16px;border:1px solid var(--line);border-radius:12px;background:#fff;text-decoration:none}
.event-list a strong{display:block;font-size:1.125rem}
.event-list a span{color:var(--muted)}
@media (max-width:400px){.page{padding:8px}.card{padding:12px}.zone select{width:100%}.options>div{width:100%}}
`;
