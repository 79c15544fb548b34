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
    "not_in_score": {"en": "not in the score", "zh": "不计入总分"},
    "fix_first": {"en": "Fix first", "zh": "首先修正"},
    "sandbox": {"en": "Sandbox", "zh": "沙箱"},
    "errors": {"en": "Problems with the submission", "zh": "提交中的问题"},
    "seed": {"en": "Seed of the hidden tests", "zh": "隐藏测试的随机种子"},
    "passed": {"en": "passed", "zh": "通过"},
    "failed": {"en": "failed", "zh": "未通过"},
    "not implemented": {"en": "not implemented", "zh": "未实现"},
    "error": {"en": "error", "zh": "出错"},
    "info": {"en": "info", "zh": "信息"},
    "all_passed": {"en": "All checks passed.", "zh": "全部检查通过。"},
    "cases_passed": {"en": "{passed} / {total} cases passed.", "zh": "通过 {passed} / {total} 个用例。"},
    "first_failing": {"en": "First failing case: {label}", "zh": "第一个未通过的用例：{label}"},
    "not_implemented_msg": {"en": "{function} returned None for {output}: not implemented yet.",
                            "zh": "{function} 的 {output} 返回了 None：尚未实现。"},
    "timeout_msg": {"en": "{function} did not finish within {seconds:g} s (an infinite loop, or far too slow); it "
                          "was stopped and every case counts as failed.",
                    "zh": "{function} 未在 {seconds:g} 秒内完成（死循环或太慢）；已被终止，所有用例均计为未通过。"},
    "crash_msg": {"en": "the process running {function} died ({why}: a crash, sys.exit/os._exit, or a memory or "
                        "file size limit); every case counts as failed.",
                  "zh": "运行 {function} 的进程异常退出（{why}：崩溃、sys.exit/os._exit，或超出内存/文件大小限制）；"
                        "所有用例均计为未通过。"},
    "import_timeout_msg": {"en": "importing {module} did not finish within the time limit (code that runs at "
                                 "import time?).",
                           "zh": "导入 {module} 超时（是否有在导入时运行的代码？）。"},
    "import_crash_msg": {"en": "the process died while importing {module} (sys.exit, os._exit, a crash or a "
                               "resource limit at import time); exit status {code}.",
                         "zh": "导入 {module} 时进程退出（导入时调用了 sys.exit、os._exit，崩溃或超出资源限制）；"
                               "退出状态 {code}。"},
    "disk_full_msg": {"en": "while running {function}, your code wrote more than {mb} MB of files; it was stopped and "
                            "every case counts as failed.",
                      "zh": "运行 {function} 时你的代码写入了超过 {mb} MB 的文件；已被终止，所有用例均计为未通过。"},
    "protocol_msg": {"en": "while running {function}, your code wrote into the grader's own channel ({what}); it was "
                           "stopped and every case counts as failed.",
                     "zh": "运行 {function} 时你的代码向评分程序自己的通道写入了数据（{what}）；已被终止，所有用例均计为未通过。"},
    "printed_msg": {"en": "your code printed {mb:.1f} MB; only the last {kb} KB were kept.",
                    "zh": "你的代码打印了 {mb:.1f} MB；只保留了最后 {kb} KB。"},
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
