"use strict";
// The review page: one question at a time across all students; every click is saved at once.
const params = new URLSearchParams(location.search);
const TOKEN = params.get("token") || "";
const LANG = params.get("lang") === "zh" ? "zh" : "en";
let state = null, answers = [], index = 0, question = null, L = {};

const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = {headers: {"X-Review-Token": TOKEN, "X-Grader": grader()}};
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function grader() {
  return ($("grader").value || "").trim() || "TA";
}

function say(text) {
  $("status").textContent = text;
}

function fmt(x) {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, "");
}

async function loadState() {
  state = await api(`/api/state?lang=${LANG}`);
  L = state.labels;
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  $("title").textContent = L.title;
  $("names-label").textContent = L.show_names;
  $("grader-label").textContent = L.grader;
  $("reference-label").textContent = L.reference;
  $("rubric-label").textContent = L.rubric;
  $("comment-label").textContent = L.comment;
  $("prev").textContent = "← " + L.previous;
  $("next").textContent = L.next + " →";
  $("next-ungraded").textContent = L.next_ungraded + " (N)";
  $("keys").textContent = L.keys;
  $("lang-switch").textContent = LANG === "zh" ? "English" : "中文";
  const select = $("question");
  select.textContent = "";
  for (const q of state.questions) {
    const option = document.createElement("option");
    option.value = q.key;
    select.appendChild(option);
  }
  showProgress(state.progress);
}

function showProgress(progress) {
  for (const option of $("question").options) {
    const q = state.questions.find((x) => x.key === option.value);
    const [done, total] = progress.questions[q.key] || [0, 0];
    option.textContent = `${q.label} (${done} / ${total} ${L.graded})`;
  }
  if (question) {
    const [done, total] = progress.questions[question.key] || [0, 0];
    $("qprogress").textContent = `${done} / ${total} ${L.graded}`;
  }
  const lines = Object.entries(progress.graders).map(([who, n]) => `${who}: ${n}`);
  $("by-grader").textContent = lines.length ? `${L.by_grader}: ${lines.join(", ")}` : "";
}

async function openQuestion(key, keepIndex) {
  question = state.questions.find((q) => q.key === key);
  $("question").value = key;
  $("question-text").innerHTML = question.text;   // rendered on the server, raw HTML escaped
  $("reference-text").innerHTML = question.reference;
  answers = await api(`/api/answers?question=${encodeURIComponent(key)}`);
  index = keepIndex ? Math.min(index, answers.length - 1) : 0;
  showAnswer();
  showProgress(await api("/api/progress"));
}

// keepComment: an item was applied while the TA may be typing the comment: never overwrite what they type.
function showAnswer(keepComment) {
  const a = answers[index];
  const items = $("items");
  items.textContent = "";
  if (!a) return;
  const alias = `${L.student} ${a.position}`;
  $("who").textContent = `${alias}${$("names").checked ? " · " + a.name : ""}  (${index + 1} / ${answers.length})`;
  const box = $("answer");
  box.className = a.present ? "" : "missing";
  if (a.present) {
    box.innerHTML = a.answer + (a.truncated ? `<p><em></em></p>` : "");
    if (a.truncated) box.querySelector("em").textContent = L.truncated;
  } else {
    box.textContent = L.not_answered;
  }
  for (const item of question.items) {
    const li = document.createElement("li");
    li.dataset.item = item.key;
    li.className = a.applied.includes(item.key) ? "on" : "";
    const key = document.createElement("span");
    key.className = "key";
    key.textContent = item.position;
    const text = document.createElement("span");
    text.textContent = item.text;
    const pts = document.createElement("span");
    pts.className = "pts";
    pts.textContent = `${item.points > 0 ? "+" : ""}${fmt(item.points)} ${L.points}`;
    const edit = document.createElement("button");
    edit.className = "edit";
    edit.title = L.edit_points;
    edit.textContent = "✎";
    edit.addEventListener("click", (event) => { event.stopPropagation(); editPoints(item); });
    li.append(key, text, pts, edit);
    li.addEventListener("click", () => toggle(item.position));
    items.appendChild(li);
  }
  $("score").textContent = `${L.score}: ` + (a.score === null ? L.not_graded : `${fmt(a.score)} / ${fmt(question.points)}`);
  if (!keepComment) $("comment").value = a.comment || "";
}

async function toggle(position) {
  const a = answers[index];
  const item = question.items.find((i) => i.position === position);
  if (!a || !item) return;
  const applied = !a.applied.includes(item.key);
  try {
    const result = await api("/api/apply", {student: a.student, question: question.key, item: item.key, applied});
    Object.assign(a, {applied: result.applied, score: result.score});
    say(L.saved);
  } catch (error) {
    say(L.failed + error.message);
  }
  showAnswer(true);
  showProgress(await api("/api/progress"));
}

async function saveComment() {
  const a = answers[index];
  if (!a || $("comment").value === (a.comment || "")) return;
  try {
    const result = await api("/api/comment", {student: a.student, question: question.key, text: $("comment").value});
    a.comment = result.comment;
    say(L.saved);
  } catch (error) {
    say(L.failed + error.message);
  }
}

async function editPoints(item) {
  const answer = prompt(`${L.edit_points}\n${item.text}`, fmt(item.points));
  if (answer === null || answer.trim() === "" || isNaN(Number(answer))) return;
  await api("/api/points", {item: item.key, points: Number(answer)});
  await loadState();
  await openQuestion(question.key, true);
}

async function go(step) {
  await saveComment();
  index = Math.max(0, Math.min(answers.length - 1, index + step));
  showAnswer();
}

async function nextUngraded() {
  await saveComment();
  for (let k = 1; k <= answers.length; k++) {
    const j = (index + k) % answers.length;
    if (answers[j].score === null) { index = j; break; }
  }
  showAnswer();
}

async function switchQuestion(step) {
  await saveComment();
  const keys = state.questions.map((q) => q.key);
  const next = keys[(keys.indexOf(question.key) + step + keys.length) % keys.length];
  await openQuestion(next, false);
}

document.addEventListener("keydown", (event) => {
  if (event.target.tagName === "TEXTAREA" || event.target.tagName === "INPUT") {
    if (event.key === "Escape") { event.target.blur(); saveComment(); }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (/^[1-9]$/.test(event.key)) { toggle(Number(event.key)); event.preventDefault(); }
  else if (event.key === "ArrowRight" || event.key === "j") { go(1); event.preventDefault(); }
  else if (event.key === "ArrowLeft" || event.key === "k") { go(-1); event.preventDefault(); }
  else if (event.key === "n" || event.key === "N") { nextUngraded(); event.preventDefault(); }
  else if (event.key === "c" || event.key === "C") { $("comment").focus(); event.preventDefault(); }
  else if (event.key === "]") { switchQuestion(1); event.preventDefault(); }
  else if (event.key === "[") { switchQuestion(-1); event.preventDefault(); }
});

$("comment").addEventListener("blur", saveComment);
$("prev").addEventListener("click", () => go(-1));
$("next").addEventListener("click", () => go(1));
$("next-ungraded").addEventListener("click", nextUngraded);
$("question").addEventListener("change", async (event) => { await saveComment(); openQuestion(event.target.value, false); });
$("names").addEventListener("change", showAnswer);
$("grader").value = localStorage.getItem("convkit-grader") || "";
$("grader").addEventListener("change", () => localStorage.setItem("convkit-grader", $("grader").value));
$("lang-switch").addEventListener("click", (event) => {
  event.preventDefault();
  const next = new URLSearchParams(location.search);
  next.set("lang", LANG === "zh" ? "en" : "zh");
  location.search = next.toString();
});

(async () => {
  await loadState();
  await openQuestion(state.questions[0].key, false);
})();
