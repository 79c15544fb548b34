"""Student-facing words in English and Simplified Chinese (the course is taught in Chinese)."""
from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    # the sandbox tier that ran (grader.sandbox.tiers)
    "tier_bubblewrap": {"en": "Your code ran in an isolated sandbox (bubblewrap): it could see only Python and its own "
                              "files, with no network, and nothing it started outlived it.",
                        "zh": "你的代码在隔离的沙箱（bubblewrap）中运行：只能看到 Python 和它自己的文件，不能联网，它启动的一切都随沙箱结束。"},
    "tier_uid": {"en": "Your code ran as a separate user without privileges, which cannot read the grader's files; "
                       "everything it started was stopped before the results were written.",
                 "zh": "你的代码以一个没有特权的独立用户运行，读不到评分程序的文件；它启动的一切都在写出结果之前被终止。"},
    "tier_rlimits": {"en": "Your code ran in a separate process with time and memory limits, as your own user. This is "
                           "a check for you, not a secure grader: the course grades on its own machines.",
                     "zh": "你的代码在一个有时间和内存限制的独立进程中、以你自己的用户身份运行。这只是给你的自查，不是安全的评分环境："
                           "课程会在自己的机器上评分。"},
    # information about a layer that does not fit (never scored: grader.instructor.grading.does_not_fit_check)
    "behaviour on a layer that does not fit": {"en": "behaviour on a layer that does not fit",
                                               "zh": "在不能整除的层上的行为"},
    "fit_info": {"en": "Information, not scored: on {case} (the layer does not fit), {behaviour} Graded cases always "
                       "fit, so either way costs nothing.",
                 "zh": "参考信息，不计分：在 {case} 上（该层不能整除），{behaviour}评分用例都能整除，所以无论哪种做法都不扣分。"},
    "fit_raised": {"en": "your function raised {raised}.", "zh": "你的函数抛出了 {raised}。"},
    "fit_rounds_down": {"en": "your function rounds down (output {shape}), as PyTorch does.",
                        "zh": "你的函数向下取整（输出形状 {shape}），与 PyTorch 相同。"},
    "fit_other": {"en": "your function returned output of shape {shape} (rounding down gives {floor}).",
                  "zh": "你的函数返回的输出形状为 {shape}（向下取整应为 {floor}）。"},
    "fit_did_not_finish": {"en": "your function did not finish (a crash or the time limit).",
                           "zh": "你的函数没有运行完（崩溃或超时）。"},
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
    "notes": {"en": "Notes", "zh": "说明"},
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
    "modified_input_hint": {"en": "Your code changes its input {names} in place: work on a copy (x.copy(), np.pad) "
                                  "and leave the inputs as they were.",
                            "zh": "你的代码原地修改了输入 {names}：请在副本上计算（例如 x.copy() 或 np.pad），不要改动输入。"},
    # make check / report.html: the summary on top
    "check_title": {"en": "convkit check", "zh": "convkit 本地检查"},
    "first_to_fix": {"en": "First thing to fix", "zh": "首先要改"},
    "start_with": {"en": "Start with {function} in {file}: fill in its TODO block, then run the check again.",
                   "zh": "从 {file} 中的 {function} 开始：补全它的 TODO 部分，然后再运行检查。"},
    "all_required_passed": {"en": "Every required check passes.", "zh": "所有必做检查均已通过。"},
    "passed_functions": {"en": "Passed ({count}): {names}", "zh": "已通过（{count} 个）：{names}"},
    "not_implemented_functions": {"en": "Not implemented yet ({count}): {names}",
                                  "zh": "尚未实现（{count} 个）：{names}"},
    "passed_group": {"en": "Functions that pass ({count})", "zh": "已通过的函数（{count} 个）"},
    "not_implemented_group": {"en": "Functions not implemented yet ({count})", "zh": "尚未实现的函数（{count} 个）"},
    "and_more": {"en": "... and {count} more", "zh": "……以及另外 {count} 个"},
    "what_is_wrong": {"en": "What is wrong, function by function", "zh": "逐个函数的错误详情"},
    "passed_checks": {"en": "Passed checks ({count})", "zh": "已通过的检查（{count} 项）"},
    "in_file": {"en": "in {file}", "zh": "位于 {file}"},
    "below_min_score": {"en": "score {score:g} is below --min-score {minimum:g}",
                        "zh": "得分 {score:g} 低于 --min-score {minimum:g}"},
    "reports_written": {"en": "reports written to {path}", "zh": "报告已写入 {path}"},
    "numeric_gradient_hidden": {"en": "(the numeric gradient check is not shown: dx fails on a case it did not "
                                      "check)",
                                "zh": "（未显示数值梯度检查：dx 在它未检查的用例上出错）"},
    # check names (scoring.CHECK_NAMES and the informational numeric gradient check)
    "out matches the reference": {"en": "out matches the reference", "zh": "out 与参考实现一致"},
    "loss matches the reference": {"en": "loss matches the reference", "zh": "loss 与参考实现一致"},
    "scores match the reference": {"en": "scores match the reference", "zh": "scores 与参考实现一致"},
    "parameters have the right shapes and initialisation": {"en": "parameters have the right shapes and "
                                                                  "initialisation",
                                                            "zh": "参数的形状和初始化正确"},
    "gradients match the reference": {"en": "gradients match the reference", "zh": "梯度与参考实现一致"},
    "returns the right values": {"en": "returns the right values", "zh": "返回值正确"},
    "next_w matches the reference after one step": {"en": "next_w matches the reference after one step",
                                                    "zh": "一步更新后 next_w 与参考实现一致"},
    "next_w matches after two steps (state kept in config)": {
        "en": "next_w matches after two steps (state kept in config)",
        "zh": "两步更新后 next_w 仍一致（状态保存在 config 中）"},
    "matches_reference": {"en": "{output} matches the reference", "zh": "{output} 与参考实现一致"},
    "dx passes a numeric gradient check": {"en": "dx passes a numeric gradient check", "zh": "dx 通过数值梯度检查"},
}

_MATCHES = " matches the reference"


def check_label(name: str, lang: str = "en") -> str:
    """A check's name (scoring's English words) in ``lang``: '{output} matches the reference' for any output."""
    if name in MESSAGES:
        return translate(name, lang)
    if name.endswith(_MATCHES):
        return translate("matches_reference", lang, output=name[:-len(_MATCHES)])
    return name


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
