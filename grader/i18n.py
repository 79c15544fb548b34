"""Student-facing words in English and Simplified Chinese (the course is taught in Chinese)."""
from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    "title": {"en": "convkit feedback", "zh": "convkit 评分反馈"},
    "score": {"en": "Score", "zh": "得分"},
    "total": {"en": "Total", "zh": "总分"},
    "function": {"en": "Function", "zh": "函数"},
    "status": {"en": "Status", "zh": "状态"},
    "details": {"en": "What to look at", "zh": "需要注意"},
    "hint": {"en": "Hint", "zh": "提示"},
    "optional": {"en": "optional", "zh": "选做"},
    "optional_total": {"en": "Optional exercises", "zh": "选做题"},
    "sandbox": {"en": "Sandbox", "zh": "沙箱"},
    "errors": {"en": "Problems with the submission", "zh": "提交中的问题"},
    "seed": {"en": "Seed of the hidden tests", "zh": "隐藏测试的随机种子"},
    "passed": {"en": "passed", "zh": "通过"},
    "failed": {"en": "failed", "zh": "未通过"},
    "not implemented": {"en": "not implemented", "zh": "未实现"},
    "error": {"en": "error", "zh": "出错"},
    "info": {"en": "info", "zh": "信息"},
    "all_passed": {"en": "All checks passed.", "zh": "全部检查通过。"},
}


def translate(key: str, lang: str = "en", **fields) -> str:
    """The message ``key`` in ``lang`` (English when unknown), formatted with ``fields``; the key if missing."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


def detect_lang(explicit: str | None = None) -> str:
    """``explicit`` if given, else CONVKIT_LANG, else ``zh`` for a Chinese locale, else ``en``."""
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("CONVKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
