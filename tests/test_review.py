"""The review page for written answers: rubrics from the notebook sources, a store several TAs share, a page a TA
drives with the keyboard in a real browser, and the merge into the gradebook and the students' reports."""
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from grader.instructor.review import ReviewError, load_questions, merge, open_store, review
from grader.instructor.review.render import answer_html
from grader.instructor.review.rubric import RubricError
from grader.instructor.review.store import MAX_ANSWER_CHARS, Store
from grader.model import CheckResult, Report
from notebooks.build import SOURCE_DIR, SourceError, expected_files, parse_source

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# -- the rubrics, in the notebook sources ----------------------------------------------------------------------

def test_every_inline_question_has_a_complete_rubric_that_never_reaches_a_notebook():
    """Does every Inline Question of the sources carry points, a reference answer in both languages and rubric
    items, and is none of it in the notebooks students receive?"""
    questions = load_questions()
    questions_in_notebooks = sum(text.count('"inline-question"') for path, text in expected_files().items()
                                 if path.parent.name == "en")
    assert len(questions) == questions_in_notebooks >= 16
    for q in questions:
        assert q.points > 0 and q.reference_en and q.reference_zh and q.items, q.key
        assert sum(i.points for i in q.items if i.points > 0) >= q.points, q.key
    for path, text in expected_files().items():
        assert "reference.en" not in text and "[[items]]" not in text, path
        assert questions[0].reference_en.splitlines()[0] not in text, path


def _source(tmp_path, rubric: str) -> Path:
    folder = tmp_path / "source"
    folder.mkdir(parents=True)
    (folder / "01_x.txt").write_text(
        "@@ en\n**Inline Question 1**\n\nWhy?\n@@ zh\n**Inline Question 1**\n\n为什么？\n"
        "@@ en\n**Your answer:** *fill this in*\n@@ zh\n**你的回答：** *在此作答*\n" + rubric, encoding="utf-8")
    return folder


def test_an_incomplete_rubric_is_refused_with_its_line(tmp_path):
    """Is a rubric without its Chinese reference refused, naming file:line?"""
    folder = _source(tmp_path, "@@ rubric\npoints = 2\nreference.en = 'x'\n[[items]]\npoints = 2\nen = 'a'\nzh = 'b'\n")
    with pytest.raises(RubricError, match=r"01_x.txt:13: `reference.en` and `reference.zh`"):
        load_questions(folder)
    folder = _source(tmp_path / "b", "@@ rubric\npoints = 3\nreference.en = 'x'\nreference.zh = 'y'\n"
                     "[[items]]\npoints = 2\nen = 'a'\nzh = 'b'\n")
    with pytest.raises(RubricError, match="add up to less than the question's 3"):
        load_questions(folder)


def test_a_rubric_that_follows_no_question_is_a_source_error(tmp_path):
    """Is an @@ rubric block anywhere but after a question's answer cell refused?"""
    path = tmp_path / "01_y.txt"
    path.write_text("@@ en\nHello\n@@ zh\n你好\n@@ rubric\npoints = 1\n", encoding="utf-8")
    with pytest.raises(SourceError, match="01_y.txt:5: @@ rubric must follow"):
        parse_source(path)


# -- rendering an answer ---------------------------------------------------------------------------------------

def test_an_answer_is_rendered_as_in_the_notebook_and_its_html_is_only_text():
    """Is Markdown rendered, a formula drawn as a picture, a formula mathtext cannot parse shown as source, and
    raw HTML (a script, an event handler) shown as text?"""
    html = answer_html("**bold** and $\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$\n\n"
                       "<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n$\\notacommand{x}$")
    assert "<strong>bold</strong>" in html
    assert html.count('<img class="math"') == 1 and "data:image/svg+xml;base64," in html
    assert '<code class="math">\\notacommand{x}</code>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "onerror" not in html.replace("onerror=alert(2)&gt;", "")


# -- the store -------------------------------------------------------------------------------------------------

def _store(tmp_path, students=("s1", "s2", "s3")) -> Store:
    questions = load_questions()
    store = Store(tmp_path, questions)
    q = questions[0]
    store.load_answers({s: [{"notebook": f"notebooks/en/{q.notebook}.ipynb", "number": q.number,
                             "answer": f"answer of {s}"}] for s in students}, {s: s.upper() for s in students})
    return store


def test_scores_come_from_applied_items_and_a_changed_item_rescores_every_answer(tmp_path):
    """Is an answer's score the sum of its items (within 0..max), None until graded, and does changing an
    item's points re-score every answer it was applied to, with who and when kept?"""
    store = _store(tmp_path)
    q = store.questions[next(iter(store.questions))]
    first, second = q.items[0].key, q.items[1].key
    assert all(m.score is None for m in store.marks(q.key))
    store.apply("s1", q.key, first, True, "ann")
    store.apply("s1", q.key, second, True, "ann")
    store.apply("s2", q.key, first, True, "bo")
    store.apply("s2", q.key, second, True, "bo")
    store.apply("s2", q.key, second, False, "bo")
    scores = {m.student: m.score for m in store.marks(q.key)}
    assert scores == {"s1": 2.0, "s2": 1.0, "s3": None}
    store.set_points(first, 0.5, "ann")
    scores = {m.student: m.score for m in store.marks(q.key)}
    assert scores == {"s1": 1.5, "s2": 0.5, "s3": None}
    store.set_points(first, 10, "ann")  # never above the question's points
    assert {m.student: m.score for m in store.marks(q.key)}["s1"] == q.points
    history = store.history()
    assert [h[1] for h in history][:2] == ["ann", "ann"] and history[-1][4] == "points"
    assert store.progress()["questions"][q.key] == [2, 3]
    assert store.progress()["graders"] == {"ann": 1, "bo": 1}
    with pytest.raises(KeyError):
        store.apply("s1", q.key, "01_convolution/99/1", True, "ann")


def test_two_tas_clicking_at_once_lose_nothing(tmp_path):
    """Do two threads (two TAs) applying items to many answers at the same moment keep every click?"""
    students = [f"s{k}" for k in range(40)]
    store = _store(tmp_path, students)
    q = store.questions[next(iter(store.questions))]

    def grade(who, mine):
        other = Store(tmp_path, load_questions())  # its own connections, as another request thread has
        for s in mine:
            other.apply(s, q.key, q.items[0].key, True, who)
    threads = [threading.Thread(target=grade, args=("ann", students[::2])),
               threading.Thread(target=grade, args=("bo", students[1::2]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(m.score == 1.0 for m in store.marks(q.key))
    assert store.progress()["graders"] == {"ann": 20, "bo": 20}


def test_a_huge_answer_is_cut_and_a_missing_one_is_not_answered(tmp_path):
    """Is a 1 MB answer stored cut (the page says so), and a student without a notebook, with the answer cell
    deleted or with the placeholder left shown as not answered?"""
    questions = load_questions()
    store = Store(tmp_path, questions)
    q = questions[0]
    store.load_answers({"big": [{"notebook": q.notebook + ".ipynb", "number": q.number, "answer": "x" * 1_000_000}],
                        "none": [], "deleted": [{"notebook": q.notebook, "number": q.number, "answer": ""}],
                        "placeholder": [{"notebook": q.notebook, "number": q.number, "answer": "*在此作答*"}]}, {})
    marks = {m.student: m for m in store.marks(q.key)}
    assert len(marks["big"].answer) == MAX_ANSWER_CHARS + 1 and marks["big"].present
    for student in ("none", "deleted", "placeholder"):
        assert not marks[student].present and marks[student].answer == "", student


# -- a batch's output, graded and merged ----------------------------------------------------------------------

def _batch_output(tmp_path, answers: dict[str, list[dict]]) -> Path:
    """What `batch` leaves for these students: row.json, report.json, inline_answers.json (no grading needed)."""
    out = tmp_path / "out"
    for student, given in answers.items():
        folder = out / "students" / student
        folder.mkdir(parents=True)
        report = Report(submission=student, checks=[CheckResult("relu_forward", "out matches the reference",
                                                                5.0, 5.0, "passed", tags=["layers"])])
        (folder / "report.json").write_text(json.dumps(report.to_dict()))
        row = {"student": student, "original": student.title(), "kind": "graded", "lms": {}, "score": 5.0,
               "max_score": 5.0, "optional_score": 0.0, "error": "", "notes": "", "functions": {"relu_forward": 5.0}}
        (folder / "row.json").write_text(json.dumps(row))
        if given is not None:
            (folder / "inline_answers.json").write_text(json.dumps(given, ensure_ascii=False))
    return out


def test_the_merge_puts_the_points_in_the_reports_and_the_gradebook_and_never_a_zero_for_ungraded(tmp_path):
    """After grading one student's answers: does their report.html, results.json and the gradebook carry the
    points and the comment, while the other student's answers say "not graded yet" (no 0) and the LMS files
    hold only the code's points until every answer is graded?"""
    from grader.instructor.batch import load_rows, write_gradebook, write_lms_exports
    questions = load_questions()
    q = questions[0]
    given = [{"notebook": f"{q.notebook}.ipynb", "number": q.number, "question": "", "answer": "28 x 28 x 6"}]
    out = _batch_output(tmp_path, {"alice": given, "bob": given})
    store = open_store(out)
    for item in q.items[:2]:
        store.apply("alice", q.key, item.key, True, "ann")
    for other in questions:
        if other.key != q.key:
            store.apply("alice", other.key, other.items[-1].key, True, "ann")  # "not answered": 0 points
    store.comment("alice", q.key, "(c) is missing", "ann")
    result = merge(out)
    assert (result.students, result.pending) == (2, len(questions))
    results = json.loads((out / "students/alice/results.json").read_text())
    written = [t for t in results["tests"] if "written" in t["tags"]]
    assert written[0]["score"] == 2.0 and written[0]["max_score"] == q.points and "(c) is missing" in written[0]["output"]
    assert results["score"] == 5.0 + 2.0
    html = (out / "students/alice/report.html").read_text()
    assert "Written answers" in html and "2 / 3" in html and "(c) is missing" in html
    bob = json.loads((out / "students/bob/results.json").read_text())
    assert all(t["score"] == 0 and t["max_score"] == 0 and t["output"] == "not graded yet"
               for t in bob["tests"] if "written" in t["tags"])
    assert "not graded yet" in (out / "students/bob/report.html").read_text()
    rows = load_rows(out / "students")
    write_gradebook(out, rows)
    write_lms_exports(out, rows)
    import csv
    book = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert book["alice"][f"written:{q.key}"] == "2.0" and book["bob"][f"written:{q.key}"] == ""
    assert book["alice"]["written_score"] == "2.0" and book["bob"]["written_score"] == ""
    assert book["bob"]["written_not_graded"] == str(len(questions))
    canvas = list(csv.reader((out / "gradebook_canvas.csv").open()))
    assert canvas[0][-1] == "convkit assignment (written answers)" and canvas[1][5:] == ["5.0", str(3.0 * len(questions))]
    grades = {r[3]: r[5:] for r in canvas[2:]}
    assert grades == {"alice": ["5.0", "2.0"], "bob": ["5.0", ""]}  # bob's written answers are not all graded
    assert {r["Full name"]: r["Grade"] for r in csv.DictReader((out / "gradebook_moodle.csv").open())} == \
        {"Alice": "7.0", "Bob": "5.0"}
    moodle = {r["Full name"]: r for r in csv.DictReader((out / "gradebook_moodle.csv").open())}
    assert moodle["Bob"]["Maximum Grade"] == "5.0" and "not graded yet" in moodle["Bob"]["Feedback comments"]
    assert (out / "written_answers.csv").read_text().count("\n") == 1 + 2 * len(questions)


def test_a_folder_that_is_no_batch_output_is_a_clear_error(tmp_path):
    """Does the review refuse a folder without students/, and one whose students hold nothing?"""
    with pytest.raises(ReviewError, match="not a batch's output folder"):
        review(tmp_path)
    (tmp_path / "students").mkdir()
    with pytest.raises(ReviewError, match="nothing to review"):
        review(tmp_path)


# -- the server ------------------------------------------------------------------------------------------------

def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_server_needs_its_token_and_its_own_host(tmp_path):
    """Is every API call refused without the token or from another Host (a page elsewhere in the browser), and
    does the page carry a policy that forbids inline scripts?"""
    q = load_questions()[0]
    out = _batch_output(tmp_path, {"alice": [{"notebook": q.notebook, "number": q.number, "answer": "hi"}]})
    server = review(out)
    server.serve_in_thread()
    try:
        base = server.url.split("/?")[0]
        assert _get(base + "/")[0] == 403
        assert _get(base + "/api/state")[0] == 403
        status, _ = _get(base + "/api/state", {"X-Review-Token": server.token, "Host": "evil.example:80"})
        assert status == 403
        status, body = _get(base + "/api/state?lang=zh", {"X-Review-Token": server.token})
        assert status == 200 and json.loads(body)["labels"]["title"] == "书面回答"
        request = urllib.request.Request(server.url)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()
        server.server_close()


# -- a TA at the page, in a real browser -------------------------------------------------------------------------

@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (make setup installs it as root)")
def test_tas_grade_with_the_keyboard_in_chromium_and_the_gradebook_carries_it(tmp_path):
    """Two TAs in two browser contexts grade the same question at once with the keyboard; one changes an item's
    points afterwards; an answer made of HTML and a script shows as text; the merge carries it all."""
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    questions = load_questions()
    q = questions[0]
    hostile = "<script>window.pwned = 1</script><b onmouseover=alert(1)>x</b>\n\nso $P = (F-1)/2$"
    class_answers = {f"student{k}": [{"notebook": f"notebooks/zh/{q.notebook}.ipynb", "number": q.number,
                                      "answer": hostile if k == 3 else f"answer {k}"}] for k in range(1, 5)}
    class_answers["student5"] = None  # deleted the notebook
    out = _batch_output(tmp_path, class_answers)
    server = review(out)
    server.serve_in_thread()
    shots = Path(os.environ.get("CONVKIT_SCREENSHOTS", ROOT / "out" / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            ann, bo = browser.new_context(), browser.new_context()
            page_a, page_b = ann.new_page(), bo.new_page()
            for page, who in ((page_a, "ann"), (page_b, "bo")):
                page.goto(server.url)
                page.wait_for_selector("#items li")
                page.fill("#grader", who)
                page.dispatch_event("#grader", "change")
                page.click("#title")  # leave the input, so that keys grade
            assert "Student 1" in page_a.inner_text("#who") and "STUDENT1" not in page_a.inner_text("#who").upper()
            page_a.keyboard.press("1")
            page_a.wait_for_selector("#items li.on")
            page_a.keyboard.press("2")
            expect(page_a.locator("#items li.on")).to_have_count(2)
            page_a.keyboard.press("ArrowRight")
            page_a.keyboard.press("1")
            # bo, at the same time, on the third and fourth answers
            page_b.keyboard.press("ArrowRight")
            page_b.keyboard.press("ArrowRight")
            assert "Student 3" in page_b.inner_text("#who")
            assert page_b.locator("#answer script").count() == 0  # shown as text, never a script element
            assert "<script>" in page_b.inner_text("#answer")
            assert page_b.locator("#answer img.math").count() == 1
            page_b.keyboard.press("3")
            page_b.keyboard.press("ArrowRight")
            page_b.keyboard.press("4")
            page_b.keyboard.press("c")
            page_b.keyboard.type("说得不清楚")
            page_b.keyboard.press("Escape")
            expect(page_b.locator("#status")).not_to_be_empty()
            expect(page_a.locator("#items li.on")).to_have_count(1)
            page_a.check("#names")
            assert "Student2" in page_a.inner_text("#who")
            page_a.screenshot(path=str(shots / "review-en.png"))
            # the first item is worth 2 from now on: every answer it was applied to is re-scored
            page_a.once("dialog", lambda dialog: dialog.accept("2"))
            page_a.click("#items li:first-child .edit")
            expect(page_a.locator("#items li .pts").first).to_have_text("+2 points")
            zh = bo.new_page()
            zh.goto(server.url.replace("lang=en", "lang=zh"))
            zh.wait_for_selector("#items li")
            assert "书面回答" in zh.inner_text("#title") and "学生 1" in zh.inner_text("#who")
            zh.screenshot(path=str(shots / "review-zh.png"))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    marks = {m.student: m for m in server.store.marks(q.key)}
    assert marks["student1"].score == 3.0 and marks["student2"].score == 2.0   # 2 + 1, then 2 alone
    assert marks["student3"].score == 1.0 and marks["student4"].score == 0.0   # an item worth 0 still grades
    assert marks["student4"].comment == "说得不清楚" and marks["student4"].graders == ["bo"]
    assert marks["student5"].score is None and not marks["student5"].present
    merge(out)
    from grader.instructor.batch import load_rows, write_gradebook
    write_gradebook(out, load_rows(out / "students"))
    import csv
    book = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert book["student1"][f"written:{q.key}"] == "3.0" and book["student5"][f"written:{q.key}"] == ""
    assert "说得不清楚" in (out / "students/student4/report.html").read_text()
