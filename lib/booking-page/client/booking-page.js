// The booking pages' script, served as it is (no build step): a month of days with free slots, the times of
// the chosen day in the invitee's zone, the form, the confirmation; the cancel and reschedule pages. It only
// calls the public JSON API, and builds DOM nodes (never HTML strings: the page's CSP requires Trusted Types).
const data = JSON.parse(document.getElementById("page-data").textContent);
const app = document.getElementById("app");
const owner = data.owner;
const enc = encodeURIComponent;
const token = new URLSearchParams(location.search).get("cancelToken") || "";

/** An element: props `on…` are listeners, `true` a bare attribute, `false`/null none; children are nodes or text. */
function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// ---- time zones and dates
function detectZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
function zoneList(current) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  return [...new Set([current, owner.timezone, "UTC", ...zones])].sort();
}
/** Today's date in a zone, YYYY-MM-DD. */
const todayIn = (zone) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
const pad = (n) => String(n).padStart(2, "0");
const isoDate = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const utcNoon = (date) => new Date(`${date}T12:00:00Z`);
const dayLabel = (date) =>
  new Intl.DateTimeFormat(undefined, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(utcNoon(date));
const monthLabel = (y, m) => new Intl.DateTimeFormat(undefined, { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, 15)));
const timeIn = (instant, zone) => new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(new Date(instant));
const dateTimeIn = (instant, zone) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(instant));
/** "Monday, 6 January 2031 at 09:00 – 09:30" in a zone. */
const spanIn = (start, end, zone) => `${dateTimeIn(start, zone)} – ${timeIn(end, zone)}`;

// ---- state
const booking = data.booking;
const eventType = data.eventType || {
  slug: booking.eventType,
  title: data.title,
  durationMinutes: [booking.durationMinutes],
  questions: [],
  isDefault: booking.eventType === "default",
};
const zone0 = detectZone();
const today0 = todayIn(zone0);
const state = {
  view: data.mode === "cancel" ? "cancel" : "pick",
  zone: zone0,
  duration: data.mode === "reschedule" ? booking.durationMinutes : eventType.durationMinutes[0],
  year: Number(today0.slice(0, 4)),
  month: Number(today0.slice(5, 7)),
  date: null,
  slot: null,
  message: data.unavailable || "",
  idempotencyKey: "",
  busy: false,
  result: null,
};
const months = new Map();
let firstSlotsShown = false;

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- the JSON API
const api = (path) => `/v1/users/${enc(owner.id)}${path}`;
async function request(method, path, body, headers) {
  const response = await fetch(api(path), {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    cache: method === "GET" ? "no-cache" : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const monthKey = () => `${state.year}-${state.month}|${state.zone}|${state.duration}`;

/** The free slots of the shown month in the chosen zone, by local date (fetched once per month, zone and length). */
function slotsOfMonth(force) {
  const key = monthKey();
  if (!force && months.has(key)) return months.get(key);
  const today = todayIn(state.zone);
  const first = isoDate(state.year, state.month, 1);
  const last = isoDate(state.year, state.month, daysIn(state.year, state.month));
  const entry = { state: "loading", byDate: new Map() };
  months.set(key, entry);
  if (last < today) {
    entry.state = "ready";
    return entry;
  }
  const query = new URLSearchParams({ from: first < today ? today : first, to: last, timezone: state.zone, durationMinutes: String(state.duration) });
  if (!eventType.isDefault) query.set("eventType", eventType.slug);
  request("GET", `/slots?${query}`)
    .then(({ status, body }) => {
      if (status !== 200) throw new Error(body?.error || `status ${status}`);
      for (const slot of body.slots) {
        const date = slot.start.slice(0, 10);
        if (!entry.byDate.has(date)) entry.byDate.set(date, []);
        entry.byDate.get(date).push(slot);
      }
      entry.state = "ready";
    })
    .catch(() => {
      entry.state = "failed";
    })
    .finally(() => {
      if (months.get(key) === entry) render();
    });
  return entry;
}

// ---- views
function alertBox() {
  // data-focus: the alert keeps the focus when the fresh slots arrive and the view is drawn again.
  return h("div", { class: "alert", role: "alert", tabindex: "-1", id: "alert", "data-focus": "alert" }, state.message);
}

function options() {
  const lengths = eventType.durationMinutes;
  return h(
    "div",
    { class: "options" },
    data.mode === "book" && lengths.length > 1
      ? h(
          "div",
          {},
          h("label", { for: "length" }, "Length"),
          h(
            "select",
            { id: "length", "data-focus": "length", onchange: (event) => update({ duration: Number(event.target.value), date: null }) },
            lengths.map((minutes) => h("option", { value: minutes, selected: minutes === state.duration }, `${minutes} min`)),
          ),
        )
      : null,
    h(
      "div",
      { class: "zone" },
      h("label", { for: "zone" }, "Time zone"),
      h(
        "select",
        { id: "zone", "data-focus": "zone", onchange: (event) => update({ zone: event.target.value }) },
        zoneList(state.zone).map((zone) => h("option", { value: zone, selected: zone === state.zone }, zone.replaceAll("_", " "))),
      ),
    ),
  );
}

function calendar(entry) {
  const { year, month } = state;
  const today = todayIn(state.zone);
  const atFirstMonth = `${year}-${pad(month)}` <= today.slice(0, 7);
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(h("td", {}));
  for (let day = 1; day <= daysIn(year, month); day++) {
    const date = isoDate(year, month, day);
    const slots = entry.byDate.get(date) || [];
    const free = slots.length > 0;
    const label = `${dayLabel(date)}${free ? `, ${slots.length} free time${slots.length > 1 ? "s" : ""}` : ", nothing free"}`;
    cells.push(
      h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            class: `day${free ? " free" : ""}${date === today ? " today" : ""}`,
            "data-focus": `day-${date}`,
            "data-date": date,
            "aria-label": label,
            "aria-pressed": free ? String(state.date === date) : false,
            disabled: !free,
            onclick: () => update({ date, message: "" }, () => focus("#times-heading")),
          },
          day,
        ),
      ),
    );
  }
  while (cells.length % 7) cells.push(h("td", {}));
  while (cells.length < 42) cells.push(h("td", {}));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h("tr", {}, cells.slice(i, i + 7)));
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const fullDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const status =
    entry.state === "loading"
      ? "Loading free days…"
      : entry.state === "failed"
        ? "The free times could not be loaded. Try again in a moment."
        : entry.byDate.size === 0
          ? `Nothing free in ${monthLabel(year, month)}: try the next month.`
          : "";
  return h(
    "div",
    { class: "calendar" },
    h(
      "div",
      { class: "month" },
      h("button", { type: "button", class: "nav", "data-focus": "prev", "aria-label": "Previous month", disabled: atFirstMonth, onclick: () => shiftMonth(-1) }, "‹"),
      h("h2", { id: "month-label", "aria-live": "polite" }, monthLabel(year, month)),
      h("button", { type: "button", class: "nav", "data-focus": "next", "aria-label": "Next month", onclick: () => shiftMonth(1) }, "›"),
    ),
    h(
      "table",
      { class: "days", "aria-labelledby": "month-label" },
      h("thead", {}, h("tr", {}, weekdays.map((day, i) => h("th", { scope: "col", abbr: fullDays[i] }, day)))),
      h("tbody", {}, rows),
    ),
    h("p", { class: "status", id: "calendar-status", "data-state": entry.state, "aria-live": "polite" }, status),
  );
}

function times(entry) {
  const slots = state.date ? entry.byDate.get(state.date) || [] : [];
  return h(
    "div",
    { class: "times" },
    h("h2", { id: "times-heading", tabindex: "-1", "data-focus": "times-heading" }, state.date ? dayLabel(state.date) : "Pick a day"),
    state.date && slots.length
      ? h(
          "ul",
          { "aria-labelledby": "times-heading" },
          slots.map((slot) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: "time",
                  "data-focus": `time-${slot.start}`,
                  "data-start": slot.start,
                  onclick: () => update({ slot, view: data.mode === "book" ? "form" : "confirm", idempotencyKey: newKey(), message: "" }, () => focus("#view-heading")),
                },
                timeIn(slot.start, state.zone),
              ),
            ),
          ),
        )
      : h("ul", {}, h("li", { class: "hint" }, state.date ? "No free times left on this day: pick another." : "The free days are highlighted.")),
  );
}

function pickView() {
  if (data.unavailable) return [alertBox()];
  const entry = slotsOfMonth(false);
  if (entry.state === "ready" && !firstSlotsShown) {
    firstSlotsShown = true;
    performance.mark("booking-page:first-slots");
  }
  if (state.date && entry.state === "ready" && !entry.byDate.has(state.date) && !state.message) state.date = null;
  return [alertBox(), h("div", { class: "card" }, options(), h("div", { class: "picker" }, calendar(entry), times(entry)))];
}

function chosenTime() {
  const { start, end } = state.slot;
  return h(
    "p",
    { class: "chosen" },
    h("time", { datetime: new Date(start).toISOString() }, spanIn(start, end, state.zone)),
    ` (${state.zone.replaceAll("_", " ")})`,
  );
}

function field(question) {
  const id = `q-${question.id}`;
  const label = h("label", { for: id }, question.label, question.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null);
  const common = { id, name: question.id, required: question.required, "data-focus": id };
  if (question.type === "long_text") return h("div", { class: "field" }, label, h("textarea", { ...common, maxlength: 5000 }));
  if (question.type === "choice") {
    return h(
      "div",
      { class: "field" },
      label,
      h("select", common, h("option", { value: "" }, question.required ? "Choose one" : "(none)"), question.options.map((option) => h("option", { value: option }, option))),
    );
  }
  return h("div", { class: "field" }, label, h("input", { ...common, type: "text", maxlength: 300 }));
}

function formView() {
  return [
    alertBox(),
    h(
      "div",
      { class: "card" },
      h("h2", { id: "view-heading", tabindex: "-1", "data-focus": "view-heading" }, "Your details"),
      chosenTime(),
      h("button", { type: "button", class: "secondary", "data-focus": "change", onclick: () => update({ view: "pick", slot: null }, () => focus("#times-heading")) }, "Change the time"),
      h(
        "form",
        { id: "booking-form", onsubmit: submitBooking },
        h("div", { class: "field" }, h("label", { for: "name" }, "Your name", h("span", { class: "req", "aria-hidden": "true" }, " *")), h("input", { id: "name", name: "name", autocomplete: "name", required: true, maxlength: 200 })),
        h(
          "div",
          { class: "field" },
          h("label", { for: "email" }, "Email", h("span", { class: "req", "aria-hidden": "true" }, " *")),
          h("input", { id: "email", name: "email", type: "email", autocomplete: "email", required: true, maxlength: 320 }),
        ),
        eventType.questions.map(field),
        h("button", { type: "submit", class: "primary", disabled: state.busy, "data-focus": "submit" }, state.busy ? "Booking…" : "Book this time"),
      ),
    ),
  ];
}

function confirmView() {
  return [
    alertBox(),
    h(
      "div",
      { class: "card" },
      h("h2", { id: "view-heading", tabindex: "-1", "data-focus": "view-heading" }, "Move the booking to this time?"),
      chosenTime(),
      h(
        "p",
        {},
        h("button", { type: "button", class: "primary", disabled: state.busy, "data-focus": "confirm", onclick: submitReschedule }, state.busy ? "Moving…" : "Reschedule to this time"),
        " ",
        h("button", { type: "button", class: "secondary", onclick: () => update({ view: "pick", slot: null }, () => focus("#times-heading")) }, "Pick another time"),
      ),
    ),
  ];
}

function links(bookingId) {
  const base = `/book/${enc(owner.id)}/bookings/${enc(bookingId)}`;
  return h(
    "ul",
    { class: "links" },
    h("li", {}, h("a", { id: "ics-link", href: `/v1/users/${enc(owner.id)}/bookings/${enc(bookingId)}.ics?cancelToken=${enc(token || state.result.cancelToken)}`, download: "booking.ics" }, "Add to calendar (.ics)")),
    h("li", {}, h("a", { id: "reschedule-link", href: `${base}/reschedule?cancelToken=${enc(token || state.result.cancelToken)}` }, "Reschedule")),
    h("li", {}, h("a", { id: "cancel-link", href: `${base}/cancel?cancelToken=${enc(token || state.result.cancelToken)}` }, "Cancel")),
  );
}

function details(record, title) {
  const place = record.location;
  return h(
    "dl",
    {},
    h("dt", {}, "What"),
    h("dd", {}, title),
    h("dt", {}, `Your time (${state.zone.replaceAll("_", " ")})`),
    h("dd", {}, h("time", { id: "time-invitee", datetime: record.start }, spanIn(record.start, record.end, state.zone))),
    h("dt", {}, `${owner.name}'s time (${owner.timezone.replaceAll("_", " ")})`),
    h("dd", {}, h("time", { id: "time-owner", datetime: record.start }, spanIn(record.start, record.end, owner.timezone))),
    place ? [h("dt", {}, "Where"), h("dd", {}, place.kind === "url" ? h("a", { href: place.url, rel: "noopener" }, place.url) : place.text)] : null,
  );
}

function doneView() {
  const record = state.result.booking;
  const moved = data.mode === "reschedule";
  return [
    h(
      "div",
      { class: "card done", id: "confirmation" },
      h("h2", { id: "view-heading", tabindex: "-1", "data-focus": "view-heading" }, moved ? "Rescheduled" : "You are booked"),
      h("p", {}, moved ? `Your booking with ${owner.name} has moved.` : `${owner.name} has the booking. `),
      details(record, eventType.title),
      links(record.id),
      h("p", { class: "hint" }, "Keep these links: they are how you cancel or reschedule later."),
    ),
  ];
}

function cancelView() {
  const past = new Date(booking.start).getTime() <= Date.now();
  const done = state.result?.booking?.status === "cancelled" || booking.status === "cancelled";
  const heading = state.result ? "Cancelled" : done ? "Already cancelled" : past ? "This booking has started" : "Cancel this booking?";
  return [
    alertBox(),
    h(
      "div",
      { class: "card done" },
      h("h2", { id: "view-heading", tabindex: "-1", "data-focus": "view-heading" }, heading),
      details({ ...booking, location: undefined }, data.title),
      state.result
        ? h("p", {}, `${owner.name} no longer expects you. `, h("a", { href: `/book/${enc(owner.id)}/${enc(booking.eventType)}` }, "Book another time"))
        : done || past
          ? null
          : h("p", {}, h("button", { type: "button", class: "primary danger", disabled: state.busy, "data-focus": "cancel", onclick: submitCancel }, state.busy ? "Cancelling…" : "Cancel the booking")),
    ),
  ];
}

// ---- actions
/** The slot was taken (409) or is no longer offered (422): say so, and show the day's fresh slots. */
function slotGone(message) {
  months.clear();
  slotsOfMonth(true);
  update({ view: "pick", slot: null, busy: false, message }, () => focus("#alert"));
}

async function submitBooking(event) {
  event.preventDefault();
  const form = event.target;
  if (state.busy || !form.reportValidity()) return;
  const values = new FormData(form);
  const answers = {};
  for (const question of eventType.questions) {
    const answer = String(values.get(question.id) || "").trim();
    if (answer) answers[question.id] = answer;
  }
  const body = {
    start: state.slot.start,
    durationMinutes: state.duration,
    invitee: { name: String(values.get("name")).trim(), email: String(values.get("email")).trim() },
    ...(eventType.isDefault ? {} : { eventType: eventType.slug }),
    ...(Object.keys(answers).length ? { answers } : {}),
  };
  state.busy = true;
  form.querySelector("button[type=submit]").disabled = true;
  try {
    const { status, body: answer } = await request("POST", "/bookings", body, { "idempotency-key": state.idempotencyKey });
    if (status === 201) return update({ view: "done", busy: false, result: answer, message: "" }, () => focus("#view-heading"));
    if (status === 409 || status === 422) return slotGone("Sorry, that time was just taken. Please pick another one: the times below are up to date.");
    update({ busy: false, message: answer?.error || `The booking failed (status ${status}).` }, () => focus("#alert"));
  } catch {
    update({ busy: false, message: "The service could not be reached. Check your connection and try again." }, () => focus("#alert"));
  }
}

async function submitReschedule() {
  if (state.busy) return;
  update({ busy: true });
  try {
    const { status, body: answer } = await request("POST", `/bookings/${enc(booking.id)}/reschedule`, { start: state.slot.start, cancelToken: token });
    if (status === 200) return update({ view: "done", busy: false, result: { booking: answer }, message: "" }, () => focus("#view-heading"));
    if (status === 409 && answer?.code !== "schedule_contention" && answer?.code !== "booking_cancelled" && answer?.code !== "event_type_deleted") {
      return slotGone("Sorry, that time was just taken. Please pick another one: the times below are up to date.");
    }
    if (status === 422 && answer?.code !== "booking_in_past") return slotGone("Sorry, that time is no longer free. Please pick another one: the times below are up to date.");
    update({ busy: false, message: answer?.error || `The change failed (status ${status}).` }, () => focus("#alert"));
  } catch {
    update({ busy: false, message: "The service could not be reached. Check your connection and try again." }, () => focus("#alert"));
  }
}

async function submitCancel() {
  if (state.busy) return;
  update({ busy: true });
  try {
    const { status, body: answer } = await request("POST", `/bookings/${enc(booking.id)}/cancel`, { cancelToken: token });
    if (status === 200) return update({ busy: false, result: { booking: answer }, message: "" }, () => focus("#view-heading"));
    update({ busy: false, message: answer?.error || `The cancellation failed (status ${status}).` }, () => focus("#alert"));
  } catch {
    update({ busy: false, message: "The service could not be reached. Check your connection and try again." }, () => focus("#alert"));
  }
}

function shiftMonth(delta) {
  const index = state.year * 12 + (state.month - 1) + delta;
  update({ year: Math.floor(index / 12), month: (index % 12) + 1, date: null, message: "" });
}

// ---- rendering
function focus(selector) {
  const target = app.querySelector(selector);
  if (target) target.focus();
}

function update(changes, after) {
  Object.assign(state, changes);
  render();
  if (after) after();
}

function render() {
  const focused = document.activeElement && app.contains(document.activeElement) ? document.activeElement.getAttribute("data-focus") : null;
  const views = { pick: pickView, form: formView, confirm: confirmView, done: doneView, cancel: cancelView };
  // The form keeps what was typed: it is rebuilt only when the view changes.
  if (state.view === "form" && app.querySelector("#booking-form")) {
    app.querySelector("#alert").textContent = state.message;
    const submit = app.querySelector("button[type=submit]");
    submit.disabled = state.busy;
    submit.textContent = state.busy ? "Booking…" : "Book this time";
    return;
  }
  app.replaceChildren(...views[state.view]());
  app.setAttribute("data-view", state.view);
  if (focused) app.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
}

const bookedTime = document.getElementById("booked-time");
if (bookedTime && booking) bookedTime.textContent = `${spanIn(booking.start, booking.end, state.zone)} (${state.zone.replaceAll("_", " ")})`;
render();
