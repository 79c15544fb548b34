"""The review page's words, in English and Chinese (a TA's page; answers are shown as written)."""
from __future__ import annotations

LABELS = {
    "title": {"en": "Written answers", "zh": "书面回答"},
    "question": {"en": "Question", "zh": "问题"},
    "reference": {"en": "Reference answer", "zh": "参考答案"},
    "rubric": {"en": "Rubric", "zh": "评分细则"},
    "answer": {"en": "Answer", "zh": "回答"},
    "comment": {"en": "Comment for the student", "zh": "给学生的评语"},
    "previous": {"en": "Previous", "zh": "上一份"},
    "next": {"en": "Next", "zh": "下一份"},
    "next_ungraded": {"en": "Next ungraded", "zh": "下一份未评"},
    "show_names": {"en": "Show names", "zh": "显示姓名"},
    "student": {"en": "Student", "zh": "学生"},
    "graded": {"en": "graded", "zh": "已评"},
    "not_graded": {"en": "not graded yet", "zh": "尚未评分"},
    "not_answered": {"en": "No answer: the notebook or its answer cell is missing", "zh": "没有回答：缺少笔记本或作答单元格"},
    "truncated": {"en": "The answer is longer than the page shows; the rest is cut.", "zh": "回答过长，超出部分未显示。"},
    "score": {"en": "Score", "zh": "得分"},
    "points": {"en": "points", "zh": "分"},
    "edit_points": {"en": "Change the points of this item (every answer it is applied to is re-scored):",
                    "zh": "修改此项的分值（所有用到它的回答都会重新计分）："},
    "grader": {"en": "Your name (TA)", "zh": "你的名字（助教）"},
    "by_grader": {"en": "Graded by each TA", "zh": "各助教已评数量"},
    "keys": {"en": "Keys: 1-9 apply an item, ←/→ previous/next, N next ungraded, C comment, [ ] question",
             "zh": "按键：1-9 应用评分项，←/→ 上一份/下一份，N 下一份未评，C 评语，[ ] 切换问题"},
    "saved": {"en": "saved", "zh": "已保存"},
    "failed": {"en": "not saved: ", "zh": "未保存："},
}


def labels(lang: str) -> dict[str, str]:
    lang = lang if lang in ("en", "zh") else "en"
    return {key: texts[lang] for key, texts in LABELS.items()}
