"""Student-facing words in English and Simplified Chinese (the course is taught in Chinese)."""
from __future__ import annotations

import dataclasses
import os
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # the written (Inline Question) answers, graded by TAs on the review page (grader.instructor.review)
    "written_answers": {"en": "Written answers", "zh": "书面回答"},
    "not_graded_yet": {"en": "not graded yet", "zh": "尚未评分"},
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
    # the layers that confined the worker (grader.sandbox.confine, tiers.describe_confinement)
    "confinement_layers": {"en": "Layers that confined it: {layers}.", "zh": "限制它的各层：{layers}。"},
    "confinement_no_kernel_layers": {"en": "Neither Landlock nor seccomp could be applied on this machine.",
                                     "zh": "这台机器上既用不了 Landlock 也用不了 seccomp。"},
    "confinement_missing": {"en": "Not available here: {missing}.", "zh": "本机没有：{missing}。"},
    "insecure_msg": {"en": "Warning: this grading ran student code as root with resource limits only (--insecure): "
                           "not a secure grader.",
                     "zh": "警告：这次评分以 root 身份运行学生代码，只有资源限制（--insecure）：不是安全的评分环境。"},
    # information about a layer that does not fit (never scored: grader.instructor.grading.does_not_fit_check)
    "behaviour on a layer that does not fit": {"en": "behaviour on a layer that does not fit",
                                               "zh": "在窗口铺不满的层上的行为"},
    "fit_info": {"en": "Information, not scored: on {case} (the layer does not fit), {behaviour} Graded cases always "
                       "fit, so either way costs nothing.",
                 "zh": "参考信息，不计分：在 {case} 上（该层的窗口不能恰好铺满输入），{behaviour}评分用例都恰好铺满，所以无论哪种做法都不扣分。"},
    "fit_raised": {"en": "your function raised {raised}.", "zh": "你的函数抛出了 {raised}。"},
    "fit_rounds_down": {"en": "your function rounds down (output {shape}), as PyTorch does.",
                        "zh": "你的函数向下取整（输出形状 {shape}），与 PyTorch 相同。"},
    "fit_other": {"en": "your function returned output of shape {shape} (rounding down gives {floor}).",
                  "zh": "你的函数返回的输出形状为 {shape}（向下取整应为 {floor}）。"},
    "fit_did_not_finish": {"en": "your function did not finish (a crash or the time limit).",
                           "zh": "你的函数没有运行完（崩溃或超时）。"},
    # make submit (grader.submission_zip)
    "submit_wrote": {"en": "wrote {path} ({files} files; {answered} of {total} Inline Questions answered)",
                     "zh": "已写出 {path}（{files} 个文件；{total} 道 Inline Question 中已回答 {answered} 道）"},
    "submit_invalid_notebook": {"en": "{name} is not a valid notebook ({error})", "zh": "{name} 不是有效的 notebook（{error}）"},
    "submit_warning": {"en": "warning: {warning}", "zh": "注意：{warning}"},
    "submit_left_out": {"en": "{name}: {why}; it was left out", "zh": "{name}：{why}；已略过"},
    "submit_not_run": {"en": "{name} has not been run: run it top to bottom in Jupyter (Kernel > Restart & Run All), "
                             "or `make run-notebooks TARGET=assignment`, then `make submit` again",
                       "zh": "{name} 还没有运行过：请在 Jupyter 中从头到尾运行一遍（Kernel > Restart & Run All），"
                             "或运行 `make run-notebooks TARGET=assignment`，然后再运行 `make submit`"},
    "submit_saved_after_run": {
        "en": "{name} was saved after its last run, with code that has not run since: it is packed as you saved it, "
              "your answers included, but without outputs. Run it (in Jupyter: Kernel > Restart & Run All, then save; "
              "or `make run-notebooks`), then `make submit` again",
        "zh": "{name} 在上次运行之后又保存过，其中的代码还没有重新运行：已按你保存的样子打包（包括你的回答），但没有输出。"
              "请运行它（在 Jupyter 中 Kernel > Restart & Run All 后保存，或运行 `make run-notebooks`），然后再运行 "
              "`make submit`"},
    "submit_outputs_lent": {
        "en": "{name}: your answers are from your last save, its outputs from the run in {run} (the same code)",
        "zh": "{name}：回答取自你最后一次保存的版本，输出取自 {run} 中的运行结果（代码相同）"},
    "submit_ask_run": {
        "en": "{names}: saved after the last run, with code that has not run since. Run it now on your code and "
              "pack the result?",
        "zh": "{names}：上次运行之后又保存过，其中的代码还没有重新运行。现在就在你的代码上运行，并打包运行结果吗？"},
    "submit_stopped": {"en": "{name} stopped on an error: {error}", "zh": "{name} 运行时因错误而中断：{error}"},
    "submit_unanswered": {"en": "{missing} of {total} Inline Questions have no answer: {which}",
                          "zh": "{total} 道 Inline Question 中有 {missing} 道还没有回答：{which}"},
    # make run-notebooks (grader.cli.cmd_notebooks)
    "notebook_started": {"en": "{name}: running ...", "zh": "{name}：正在运行……"},
    "notebook_ran": {"en": "{name}: ran in {seconds:.1f} s", "zh": "{name}：运行完毕，用时 {seconds:.1f} 秒"},
    "notebook_stopped": {"en": "{name}: stopped after {seconds:.1f} s: {error}",
                         "zh": "{name}：运行 {seconds:.1f} 秒后中断：{error}"},
    "notebooks_done": {"en": "{ok} of {total} notebooks ran to the end ({seconds:.0f} s); the executed copies are in {path}",
                       "zh": "{total} 个 notebook 中有 {ok} 个运行到最后（共 {seconds:.0f} 秒）；运行后的副本在 {path}"},
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
    # what the clean-up after a grading could not do (grader.sandbox.cleanup): never a point lost
    "cleanup_left": {
        "en": "The grader could not remove {count} of the files and folders your code left behind ({removed} were "
              "removed). This does not change your score.",
        "zh": "评分程序未能删除你的代码留下的 {count} 个文件或文件夹（已删除 {removed} 个）。这不影响你的得分。"},
    "cleanup_timeout": {
        "en": "Removing the files and folders your code left behind ran out of time after {seconds} s ({removed} were "
              "removed, the rest was left). This does not change your score.",
        "zh": "删除你的代码留下的文件和文件夹在 {seconds} 秒后超时（已删除 {removed} 个，其余未删除）。这不影响你的得分。"},
    "cleanup_sweep": {
        "en": "The grader could not finish removing the folders of an earlier grading that was interrupted "
              "({removed} entries removed). This does not concern your submission.",
        "zh": "评分程序未能删除之前一次被中断的评分留下的全部文件夹（已删除 {removed} 个条目）。这与你的提交无关。"},
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
    "depends_on": {"en": "Fails because {root} does; fix that first ({function} relies on your {root}).",
                   "zh": "因为 {root} 出错而失败；请先修正它（{function} 依赖你的 {root}）。"},
    "what_is_wrong": {"en": "What is wrong, function by function", "zh": "逐个函数的错误详情"},
    "passed_checks": {"en": "Passed checks ({count})", "zh": "已通过的检查（{count} 项）"},
    # what is wrong with the first thing to fix (grader.writers.problem)
    "problem_not_implemented": {"en": "not implemented yet (it returns None)", "zh": "尚未实现（返回 None）"},
    "problem_modified": {"en": "it changes its input {names} in place", "zh": "它原地修改了输入 {names}"},
    "problem_raised": {"en": "it raised {raised}", "zh": "它抛出了异常 {raised}"},
    "problem_shape": {"en": "{output} has shape {actual}, expected {desired}",
                      "zh": "{output} 的形状是 {actual}，应为 {desired}"},
    "problem_nonfinite": {"en": "{output} holds NaN or inf in {count} of {total} elements",
                          "zh": "{output} 的 {total} 个元素中有 {count} 个是 NaN 或 inf"},
    "problem_mismatched": {"en": "{output} differs from the expected values in {count} of {total} elements",
                           "zh": "{output} 的 {total} 个元素中有 {count} 个与期望值不同"},
    "problem_values": {"en": "{output} is {actual}, expected {desired}", "zh": "{output} 为 {actual}，应为 {desired}"},
    "problem_parameters": {"en": "the parameters have the wrong shapes or initialisation",
                           "zh": "参数的形状或初始化不对"},
    "problem_where": {"en": " on {case} ({passed} of {total} cases pass)",
                      "zh": "（用例 {case}；{total} 个用例中通过 {passed} 个）"},
    "hint_at": {"en": "Hint ({where})", "zh": "提示（{where}）"},
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
    "w and b separate the training examples": {"en": "w and b separate the training examples",
                                               "zh": "w 和 b 把训练样本全部分对"},
    "matches_reference": {"en": "{output} matches the reference", "zh": "{output} 与参考实现一致"},
    "dx passes a numeric gradient check": {"en": "dx passes a numeric gradient check", "zh": "dx 通过数值梯度检查"},
    "shapes accepted up to axes of size 1": {"en": "shapes accepted up to axes of size 1",
                                             "zh": "形状只差长度为 1 的轴，已接受"},
    "size_one_axes_note": {"en": "Information, not scored: {function} returns {output} of shape {yours} where the "
                                 "docstring says {documented}; only axes of size 1 differ, so it was compared as "
                                 "{documented} and lost nothing.",
                           "zh": "参考信息，不计分：{function} 返回的 {output} 形状为 {yours}，文档字符串规定为 "
                                 "{documented}；两者只差长度为 1 的轴，因此按 {documented} 比较，没有扣分。"},
    # a failing comparison, in numpy.testing's order (grader.compare)
    "cmp_header": {"en": "Not equal to tolerance rtol={rtol:g}, atol={atol:g} ({what})",
                   "zh": "超出容差 rtol={rtol:g}, atol={atol:g}（{what}）"},
    "cmp_shapes": {"en": "(shapes mismatch: yours {actual}, expected {desired})",
                   "zh": "（形状不一致：你的是 {actual}，应为 {desired}）"},
    "cmp_nonfinite": {"en": "{count} / {total} elements are not finite (NaN or inf), the first at index {index}",
                      "zh": "{count} / {total} 个元素不是有限数（NaN 或 inf），第一个位于下标 {index}"},
    "cmp_mismatched": {"en": "Mismatched elements: {count} / {total} ({percent:.3g}%)",
                       "zh": "不一致的元素：{count} / {total}（{percent:.3g}%）"},
    "cmp_max_abs": {"en": "Max absolute difference among violations: {value:.6g} at index {index}",
                    "zh": "超出容差的元素中最大绝对差：{value:.6g}，位于下标 {index}"},
    "cmp_max_rel": {"en": "Max relative difference among violations: {value:.6g}",
                    "zh": "超出容差的元素中最大相对差：{value:.6g}"},
    "cmp_cs231n": {"en": "CS231n relative error (max |a - d| / max(1e-8, |a| + |d|)): {value:.6g}",
                   "zh": "CS231n 相对误差（max |a - d| / max(1e-8, |a| + |d|)）：{value:.6g}"},
    "cmp_worst": {"en": "The worst elements ({shown} of the {count} that differ):",
                  "zh": "差别最大的元素（共 {count} 个不一致，列出 {shown} 个）："},
    "cmp_index": {"en": "index", "zh": "下标"},
    "cmp_yours": {"en": "yours", "zh": "你的值"},
    "cmp_expected": {"en": "expected", "zh": "期望值"},
    "cmp_values": {"en": "{what}: expected {desired}, got {actual}", "zh": "{what}：期望 {desired}，实际为 {actual}"},
    # one case's verdict (grader.scoring)
    "init_missing": {"en": "params['{name}'] is missing", "zh": "缺少 params['{name}']"},
    "init_shape": {"en": "params['{name}'] has shape {got}, expected {want}",
                   "zh": "params['{name}'] 的形状是 {got}，应为 {want}"},
    "init_bias": {"en": "params['{name}'] should be initialised to zeros", "zh": "params['{name}'] 应初始化为全零"},
    "init_std": {"en": "params['{name}'] has std {std:.3g}, expected about weight_scale = {target:g}",
                 "zh": "params['{name}'] 的标准差为 {std:.3g}，应约为 weight_scale = {target:g}"},
    "init_extra": {"en": "unexpected parameters: {names}", "zh": "多出的参数：{names}"},
    "side_output_without_out": {"en": "{output}: out is None: not implemented yet",
                                "zh": "{output}：out 为 None：尚未实现"},
    "output_none": {"en": "{output} is None: not implemented yet", "zh": "{output} 为 None：尚未实现"},
    "expected_raise_raised": {"en": "expected a {want} for {label}; it raised {raised}",
                              "zh": "对于 {label} 应抛出 {want}；实际抛出了 {raised}"},
    "expected_raise_returned": {"en": "expected a {want} for {label}; it returned {value}",
                                "zh": "对于 {label} 应抛出 {want}；实际返回了 {value}"},
    "case_raised": {"en": "raised {raised}", "zh": "抛出了异常 {raised}"},
    "case_raised_at": {"en": " (at {frames})", "zh": "（位置 {frames}）"},
    "case_after_forward": {"en": " after {forward} raised {raised} (the backward then ran on the documented cache)",
                           "zh": "；在此之前 {forward} 抛出了 {raised}（反向传播随后使用了文档约定的 cache）"},
    "not_a_number_array": {"en": "{output}: returned something that is not a number array ({kind})",
                           "zh": "{output}：返回的不是数值数组（{kind}）"},
    "expected_array": {"en": "{name}: expected a numpy array, got {type} ({kind})",
                       "zh": "{name}：应返回 numpy 数组，实际得到 {type}（{kind}）"},
    "separates_wrong_side": {"en": "{wrong} of the {n} training examples are not on their side of the returned "
                                   "hyperplane, y * (X w + b) <= 0 (the first is example {first}); on separable data "
                                   "the perceptron only stops when every example is right",
                             "zh": "{n} 个训练样本中有 {wrong} 个不在返回的超平面的正确一侧，即 y * (X w + b) <= 0"
                                   "（第一个是样本 {first}）；在线性可分的数据上，感知机要到每个样本都分对才停止"},
    "separates_shapes": {"en": "expected w of shape ({D},) and b a number, got w {w} and b {b}",
                         "zh": "w 的形状应为 ({D},)，b 应为一个数，实际得到 w {w}、b {b}"},
    "separates_not_finite": {"en": "w or b holds NaN or inf", "zh": "w 或 b 中有 NaN 或 inf"},
    "modified_input": {"en": "modified its input {names} in place (the docstring says it must not)",
                       "zh": "原地修改了输入 {names}（文档字符串规定不得修改）"},
    "modified_inputs": {"en": "modified its inputs {names} in place (the docstring says it must not)",
                        "zh": "原地修改了输入 {names}（文档字符串规定不得修改）"},
    "unreadable_answer": {"en": "the grader could not read your code's answer: {problem}",
                          "zh": "评分程序无法读取你的代码给出的结果：“{problem}”"},
    "numeric_gradient_msg": {"en": "numeric gradient check on {label}: relative error of dx {error:.2e} (central "
                                   "differences, h = 1e-5; CS231n expects < 1e-7)",
                             "zh": "在 {label} 上做数值梯度检查：dx 的相对误差为 {error:.2e}（中心差分，h = 1e-5；"
                                   "CS231n 要求 < 1e-7）"},
    # why a worker died (grader.grading)
    "crash_signal": {"en": "signal {number}", "zh": "信号 {number}"},
    "crash_exit": {"en": "exit status {code}", "zh": "退出状态 {code}"},
    "protocol_overflow": {"en": "more output than any answer may hold", "zh": "输出超过了任何结果可能的大小"},
    "protocol_unexpected": {"en": "an unexpected message", "zh": "一条意外的消息"},
    "protocol_malformed": {"en": "{detail}", "zh": "格式错误的消息：“{detail}”"},
    # the submission as a whole (grader.submission)
    "zip_too_many_files": {"en": "{name}: the zip holds {count} files (at most {limit})",
                           "zh": "{name}：压缩包中有 {count} 个文件（最多 {limit} 个）"},
    "zip_too_large": {"en": "{name}: the zip unpacks to more than {mb} MB", "zh": "{name}：压缩包解压后超过 {mb} MB"},
    "zip_invalid": {"en": "{name} is not a valid zip file ({why})", "zh": "{name} 不是有效的 zip 文件（“{why}”）"},
    "zip_unpack_failed": {"en": "{name} could not be unpacked ({why})", "zh": "{name} 无法解压（“{why}”）"},
    "zip_symlink_skipped": {"en": "{name} is a symbolic link inside the zip: it was not read (hand in the file "
                                  "itself)",
                            "zh": "{name} 是压缩包中的符号链接：未读取它（请提交文件本身）"},
    "source_too_large": {"en": "{name} is larger than {mb} MB", "zh": "{name} 大于 {mb} MB"},
    "source_not_utf8": {"en": "{name} is not UTF-8 text (byte {byte}): save it as UTF-8",
                        "zh": "{name} 不是 UTF-8 文本（第 {byte} 个字节）：请以 UTF-8 编码保存"},
    "notebook_invalid": {"en": "{name} is not a valid Jupyter notebook ({why})",
                         "zh": "{name} 不是有效的 Jupyter notebook（“{why}”）"},
    "compile_error_at": {"en": "{error}, line {line}: {msg}", "zh": "{error}，第 {line} 行：“{msg}”"},
    "compile_error": {"en": "{error}: {msg}", "zh": "{error}：“{msg}”"},
    "cell_not_parsed": {"en": "{name}: cell {number} does not parse ({error}); it was left out and the other cells "
                              "were graded",
                        "zh": "{name}：第 {number} 个代码单元格无法解析（{error}）；已跳过该单元格，其余单元格照常评分"},
    "notebook_definitions_kept": {"en": "{name}: only the notebook's imports, functions, classes and assignments "
                                        "were kept",
                                  "zh": "{name}：只保留了 notebook 中的 import、函数、类和赋值语句"},
    "defines_no_graded_function": {"en": "{name} defines none of the graded functions",
                                   "zh": "{name} 中没有定义任何需要评分的函数"},
    "no_such_path": {"en": "{path}: no such file or folder", "zh": "{path}：文件或文件夹不存在"},
    "wrong_kind_of_submission": {"en": "{name}: expected a folder, a .zip, a .py or an .ipynb file",
                                 "zh": "{name}：应提交文件夹、.zip、.py 或 .ipynb 文件"},
    "handin_chosen": {"en": "graded {graded} (the latest hand-in); set aside: {aside}",
                      "zh": "评分的是 {graded}（最新提交的文件）；未评分的文件：{aside}"},
    "nothing_gradable": {"en": "{name}: nothing gradable was found (no exercise module, .zip, notebook or .py "
                               "file); handed in: {files}",
                         "zh": "{name}：没有找到可以评分的内容（没有练习模块、.zip、notebook 或 .py 文件）；提交的文件："
                               "{files}"},
    "no_exercise_module": {"en": "{name}: no exercise module found (looked for {names})",
                           "zh": "{name}：没有找到任何练习模块（查找的是 {names}）"},
    "symlink_refused": {"en": "{file} is a symbolic link to something outside the submission: it was not read "
                              "(hand in the file itself)",
                        "zh": "{file} 是指向提交内容之外的符号链接：未读取它（请提交文件本身）"},
    "not_handed_in": {"en": "{file} was not handed in: its functions are graded as not implemented",
                      "zh": "未提交 {file}：其中的函数按未实现评分"},
    "syntax_error_in": {"en": "SyntaxError in {file}, line {line}: {msg}",
                        "zh": "{file} 第 {line} 行有 SyntaxError：“{msg}”"},
    "cannot_compile": {"en": "{file} cannot be compiled: {error}", "zh": "{file} 无法编译：{error}"},
    # the words of case labels besides shapes and parameters (grader.instructor.cases), see case_label
    "label_with_seed": {"en": "with a seed", "zh": "固定随机种子"},
    "label_logits_large": {"en": "logits around 1e3", "zh": "logits 约为 1e3"},
    "label_projection": {"en": "1x1 projection shortcut", "zh": "1x1 投影捷径"},
    "label_identity": {"en": "identity shortcut", "zh": "恒等捷径"},
    # where an output is wrong (grader.localise)
    "where_border": {
        "en": "Only the border of the output is wrong: look at the padding (pad = {pad} cases) and the window "
              "bounds at the edges.",
        "zh": "只有输出的边缘有错：请检查填充和边缘处窗口的范围。"},
    "where_some_samples": {
        "en": "Only some samples are wrong ({which} of the batch): check the loop over N (or the batch axis of a "
              "sum).",
        "zh": "只有部分样本有错（批次中的 {which}）：请检查对 N 的循环或求和所用的轴。"},
    "where_some_channels": {
        "en": "Only some filters/channels are wrong ({which}): check the loop over F or C.",
        "zh": "只有部分滤波器/通道有错（{which}）：请检查对 F 或 C 的循环。"},
    "where_stride_rows": {
        "en": "Every other row/column is wrong: check how the window position depends on the stride.",
        "zh": "隔行/隔列出错：请检查窗口位置与步长的关系。"},
    "where_everywhere": {
        "en": "Most elements are wrong: check the formula itself before the loops.",
        "zh": "大部分元素都错了：请先检查公式本身。"},
    "where_everywhere_formula": {
        "en": "Most elements are wrong: check the formula itself.",
        "zh": "大部分元素都错了：请检查公式本身。"},
    "where_everywhere_norm": {
        "en": "Most elements are wrong: check the formula itself: which axes each mean and sum run over, where eps "
              "goes (inside the square root), and the scale and shift by gamma and beta.",
        "zh": "大部分元素都错了：请检查公式本身：每个均值和求和所用的轴、eps 的位置（在平方根之内），以及用 gamma 和 "
              "beta 的缩放和平移。"},
    # the diagnosis's own sentences (grader.instructor.diagnosis)
    "diag_raised": {
        "en": "Your code raised {raised}.",
        "zh": "你的代码抛出了异常 {raised}。"},
    "diag_at": {
        "en": "At {where}: {code}",
        "zh": "位置 {where}：{code}"},
    "diag_forward_first": {
        "en": "One root cause: your {forward} raised {raised} on these cases, so the backward was run on the "
              "documented cache instead, and failed only there. Fix {forward} first.",
        "zh": "同一个根源：你的 {forward} 在这些用例上抛出了 {raised}，因此反向传播改用文档规定的 cache 运行，并且只在这些用例上出错。请先修正 {forward}。"},
    "diag_leftovers": {
        "en": "Other Python 2 / old NumPy lines in {function} to fix as well: {lines}.",
        "zh": "{function} 中还有这些 Python 2 / 旧版 NumPy 的写法需要一并修改：{lines}。"},
    "diag_zeros": {
        "en": "{output} is all zeros where the reference is not: the code that fills it never ran or is not written "
              "yet (is its loop missing, or does it write into a copy?).",
        "zh": "{output} 全是零，而参考答案不是：填充它的代码没有运行或尚未编写（是否缺少循环，或写进了副本？）。"},
    "diag_also": {
        "en": "Also, where it did not raise: ",
        "zh": "另外，在没有抛出异常的用例上："},
    "diag_out_shape": {
        "en": "{output} has shape {got} where {want} is expected (on {case}).",
        "zh": "{output} 的形状是 {got}，应为 {want}（用例 {case}）。"},
    "diag_size_conv": {
        "en": "The output size is H' = 1 + (H + 2 * pad - HH) // stride and W' = 1 + (W + 2 * pad - WW) // stride: "
              "check each term (the filter's size, the padding on both sides, the stride, the + 1).",
        "zh": "输出尺寸为 H' = 1 + (H + 2 * pad - HH) // stride，W' = 1 + (W + 2 * pad - WW) // stride："
              "请逐项检查（卷积核大小、两侧的填充、步长、+ 1）。"},
    "diag_size_pool": {
        "en": "The output size is H' = 1 + (H - pool_height) // stride and W' = 1 + (W - pool_width) // stride: "
              "check each term (the window's size, the stride, the + 1).",
        "zh": "输出尺寸为 H' = 1 + (H - pool_height) // stride，W' = 1 + (W - pool_width) // stride："
              "请逐项检查（窗口大小、步长、+ 1）。"},
    "diag_also_source": {"en": "Also, in your code: ", "zh": "另外，你的代码中："},
    "src_dout_shape_as_input": {
        "en": "H and W are taken from dout.shape: dout is (N, F, H', W'), the output's size, but they are used as the "
              "input's size (H + 2 * pad, pad:pad + H). Take the input's N, C, H, W from x.shape (x from the cache) "
              "and name the output's size H_out, W_out.",
        "zh": "H 和 W 取自 dout.shape：dout 的形状是 (N, F, H', W')，即输出的尺寸，但它们被当成了输入的尺寸"
              "（H + 2 * pad、pad:pad + H）。请从 x.shape（x 来自 cache）取得输入的 N、C、H、W，并把输出的尺寸命名为 "
              "H_out、W_out。"},
    "src_range_input_stride": {
        "en": "range(0, H, stride) runs over the input's rows, which gives more windows than the output has (and "
              "windows cut past the edge): loop i over range(H_out), with H_out = (H + 2·pad − HH) / stride + 1 "
              "(1 + (H - pool_height) // stride for pooling), and start window i at row i * stride; likewise for W.",
        "zh": "range(0, H, stride) 遍历的是输入的行，得到的窗口比输出的个数多（还会切到边界之外）：请让 i 遍历 "
              "range(H_out)，其中 H_out = (H + 2·pad − HH) / stride + 1（池化为 1 + (H - pool_height) // stride），"
              "第 i 个窗口从第 i * stride 行开始；W 同理。"},
    "diag_also_own": {
        "en": "Then, where your forward ran, the backward itself: ",
        "zh": "然后，在前向传播正常运行的用例上，反向传播本身的问题："},
    "diag_same_cause": {
        "en": "The same exception as under {first} (see its hint): {short}",
        "zh": "与 {first} 下的异常相同（见其提示）：{short}"},
    "diag_modified": {
        "en": "Your code changes its input {names} in place: work on a copy (x.copy(), np.pad) and leave the inputs "
              "as they were.",
        "zh": "你的代码原地修改了输入 {names}：请在副本上计算（例如 x.copy() 或 np.pad），不要改动输入。"},
    # what probing on small inputs found (grader.instructor.probing)
    "probe_height_for_width": {
        "en": "Probed on small inputs, your code is right whenever the input and the window are square and wrong "
              "otherwise: somewhere H stands where W belongs (or HH for WW, pool_height for pool_width).",
        "zh": "在小输入上试探：只要输入和窗口都是正方形你的代码就对，否则就错：某处把 H 用在了 W 的位置（或 HH 与 WW、pool_height 与 pool_width 混用）。"},
    "probe_height_for_width_input": {
        "en": "Probed on small inputs, your code is right whenever the input is square (H == W) and wrong "
              "otherwise: somewhere H stands where W belongs (the output width, a loop bound or a slice).",
        "zh": "在小输入上试探：只要输入是正方形（H == W）你的代码就对，否则就错：某处把 H 用在了 W 的位置（输出宽度、循环上界或切片）。"},
    "probe_height_for_width_window": {
        "en": "Probed on small inputs, your code is right whenever the window is square and wrong otherwise: "
              "somewhere the window's height stands where its width belongs (HH for WW, pool_height for "
              "pool_width).",
        "zh": "在小输入上试探：只要窗口是正方形你的代码就对，否则就错：某处把窗口的高度用在了宽度的位置（HH 与 WW、pool_height 与 pool_width）。"},
    "probe_height_for_width_output": {
        "en": "Probed on small inputs, your code is right whenever the output is square (H' == W') and wrong "
              "otherwise: somewhere H' stands where W' belongs (a flat index i * H' + j should be i * W' + j; idx "
              "// W', idx % W').",
        "zh": "在小输入上试探：只要输出是正方形（H' == W'）你的代码就对，否则就错：某处把 H' 用在了 W' 的位置（展平下标 i * H' + j 应为 i * W' + j；idx // W'、idx "
              "% W'）。"},
    "probe_stride_is_pool_size": {
        "en": "Probed on small inputs, your code is right only when the stride equals the pool size: somewhere "
              "pool_height / pool_width stands where stride belongs. Windows step by stride, and there are "
              "1 + (H - pool_height) // stride of them down (not H / pool_height), likewise across.",
        "zh": "在小输入上试探：只有步长等于池化尺寸时你的代码才对：某处把 pool_height / pool_width 用在了 stride 的位置。"
              "窗口按 stride 移动，纵向共有 1 + (H - pool_height) // stride 个（不是 H / pool_height），横向同理。"},
    "probe_overlap": {
        "en": "Probed on small inputs, your code is right except where windows overlap: contributions to the same "
              "input element must add up (accumulate with +=, do not overwrite with =).",
        "zh": "在小输入上试探：除了窗口重叠的地方你的代码都对：对同一输入元素的贡献要累加（用 +=，不要用 = 覆盖）。"},
    "probe_stride": {
        "en": "Probed on small inputs, your code is right only with stride 1: window (i, j) starts at row i * "
              "stride, column j * stride.",
        "zh": "在小输入上试探：只有步长为 1 时你的代码才对：第 (i, j) 个窗口从第 i * stride 行、第 j * stride 列开始。"},
    "probe_pad_zero": {
        "en": "Probed on small inputs, your code is right except when pad = 0: a slice like pad:-pad is empty then "
              "(-0 is 0); use pad:pad + H or np.pad.",
        "zh": "在小输入上试探：除了 pad = 0 时你的代码都对：此时 pad:-pad 这样的切片是空的（-0 就是 0）；请用 pad:pad + H 或 np.pad。"},
    "probe_pad_positive": {
        "en": "Probed on small inputs, your code is right only when pad = 0: check the padding (pad zeros on every "
              "side) and that windows are cut from the padded input.",
        "zh": "在小输入上试探：只有 pad = 0 时你的代码才对：请检查填充（每一侧都填充 pad 个零），以及窗口是否取自填充后的输入。"},
    "probe_pad_is_one": {
        "en": "Probed on small inputs, your code is right only when pad = 1: the number 1 stands where pad belongs "
              "(a slice such as 1:-1); slice pad:pad + H, pad:pad + W.",
        "zh": "在小输入上试探：只有 pad = 1 时你的代码才对：某处把数字 1 写在了 pad 的位置（例如切片 1:-1）；请切片 pad:pad + H、pad:pad + W。"},
    "probe_batch": {
        "en": "Probed on small inputs, your code is right for one sample and wrong for a batch: check the loop over "
              "N (or the batch axis of a sum).",
        "zh": "在小输入上试探：单个样本时你的代码对，一个批次时就错：请检查对 N 的循环（或求和所用的批次轴）。"},
    "probe_channels": {
        "en": "Probed on small inputs, your code is right with one channel and wrong with several: a filter spans "
              "all C channels (sum over them); pooling works on each channel on its own.",
        "zh": "在小输入上试探：单通道时你的代码对，多通道时就错：每个滤波器覆盖全部 C 个通道（要对它们求和）；池化则对每个通道单独进行。"},
    "probing_also": {"en": " Also: ", "zh": "另外："},
    # which graded cases of a dropout or normalisation layer fail, and what a dropout's outputs show
    # (grader.layer_patterns)
    "pattern_eps_large": {
        "en": "Your {function} is right with the usual eps = 1e-5 and wrong with a large eps: eps belongs inside the "
              "square root, (x - mean) / np.sqrt(var + eps), not np.sqrt(var) + eps (at 1e-5 the two differ by less "
              "than the tolerance).",
        "zh": "你的 {function} 在通常的 eps = 1e-5 时正确，在 eps 较大时出错：eps 应放在平方根之内，即 "
              "(x - mean) / np.sqrt(var + eps)，而不是 np.sqrt(var) + eps（eps 为 1e-5 时两者之差小于容差）。"},
    "pattern_test_only": {
        "en": "Your {function} is right in train mode and wrong in test mode: the test-time pass normalises with "
              "bn_param's running_mean and running_var, not the batch's statistics: gamma * (x - running_mean) / "
              "np.sqrt(running_var + eps) + beta. Check that branch, and that eps is inside the square root.",
        "zh": "你的 {function} 在训练模式下正确、在测试模式下出错：测试时应使用 bn_param 中的 running_mean 和 "
              "running_var（而不是当前批次的统计量）归一化：gamma * (x - running_mean) / np.sqrt(running_var + eps) "
              "+ beta。请检查这一分支，以及 eps 是否在平方根之内。"},
    "pattern_test_only_dropout": {
        "en": "Your {function} is right in train mode and wrong in test mode: with inverted dropout the test-time "
              "pass returns x unchanged (the scaling by 1 / p already happened in training).",
        "zh": "你的 {function} 在训练模式下正确、在测试模式下出错：使用反向（inverted）dropout 时，测试时应原样返回 x"
              "（除以 p 的缩放已在训练时完成）。"},
    "pattern_train_only": {
        "en": "Your {function} is right in test mode and wrong in train mode: check the train branch: the batch's "
              "own mean and variance over axis 0 (np.var, not the unbiased ddof=1), eps inside the square root, "
              "and the running averages updated from them.",
        "zh": "你的 {function} 在测试模式下正确、在训练模式下出错：请检查训练分支：在轴 0 上计算当前批次的均值和方差"
              "（np.var，不要用无偏的 ddof=1），eps 放在平方根之内，并用它们更新滑动平均。"},
    "pattern_g_is_1": {
        "en": "Your {function} is right whenever G > 1 and wrong when G = 1 (one group: layer norm over C, H and "
              "W): an axis of size 1 is lost somewhere, by a squeeze() or a reshape that drops the G axis. Keep "
              "the group statistics as (N, G, 1, 1, 1) with keepdims=True.",
        "zh": "你的 {function} 在 G > 1 时都对，在 G = 1 时出错（只有一组：相当于在 C、H、W 上做层归一化）："
              "某处丢掉了长度为 1 的轴，例如 squeeze() 或丢掉 G 轴的 reshape。请用 keepdims=True 把组统计量保持为 "
              "(N, G, 1, 1, 1)。"},
    "pattern_g_is_c": {
        "en": "Your {function} is wrong only when G = C (one channel per group: instance norm): check the size of "
              "a group (C // G channels) and the axes of the statistics (C // G, H and W of x.reshape(N, G, "
              "C // G, H, W)).",
        "zh": "你的 {function} 只在 G = C（每组一个通道：实例归一化）时出错：请检查每组的大小（C // G 个通道）以及"
              "统计量所在的轴（x.reshape(N, G, C // G, H, W) 的 C // G、H、W 轴）。"},
    "pattern_n_is_1": {
        "en": "Your {function} is wrong only when the batch holds one sample (N = 1): an axis of size 1 is lost "
              "(a squeeze(), or x.shape[0] used where the number of features belongs), or a sum runs over the "
              "batch axis.",
        "zh": "你的 {function} 只在批次中只有一个样本（N = 1）时出错：某处丢掉了长度为 1 的轴（squeeze()，或把 "
              "x.shape[0] 当成了特征数），或者某个求和是在批次轴上进行的。"},
    "pattern_d_is_1": {
        "en": "Your {function} is wrong only when there is one feature (D = 1): an axis of size 1 is lost "
              "(a squeeze()), or a statistic runs over the wrong axis.",
        "zh": "你的 {function} 只在只有一个特征（D = 1）时出错：某处丢掉了长度为 1 的轴（squeeze()），"
              "或者某个统计量用错了轴。"},
    "pattern_4d_only": {
        "en": "Your {function} is right on 2-D input and wrong on 4-D input: dropout takes x of any shape (the "
              "docstring: \"x: Input data, of any shape\"); draw the mask with np.random.rand(*x.shape), not from "
              "x.shape[0] and x.shape[1].",
        "zh": "你的 {function} 在二维输入上正确、在四维输入上出错：dropout 的输入 x 可以是任意形状（文档字符串："
              "“x: Input data, of any shape”）；请用 np.random.rand(*x.shape) 生成掩码，不要只用 x.shape[0] 和 "
              "x.shape[1]。"},
    "dropout_found": {"en": "{what}", "zh": "{what}"},
    "dropout_keeps_1_minus_p": {
        "en": "Your code keeps a unit with probability 1 - p: here p is the probability of KEEPING it. The "
              "docstring of dropout_forward says \"p: Dropout parameter. We keep each neuron output with "
              "probability p.\" (CS231n since 2017; in CS231n 2016 p was the probability of dropping). Keep with "
              "np.random.rand(*x.shape) < p and divide by p.",
        "zh": "你的代码以 1 - p 的概率保留单元：这里 p 是“保留”的概率。dropout_forward 的文档字符串写的是"
              "“p: Dropout parameter. We keep each neuron output with probability p.”（即以概率 p 保留每个神经元的"
              "输出；CS231n 2017 年起如此，2016 年的 p 是丢弃的概率）。请用 np.random.rand(*x.shape) < p 保留，并除以 p。"},
    "dropout_not_scaled": {
        "en": "The kept units are not scaled: inverted dropout divides them by p (mask = (rand < p) / p), so that "
              "the expected output equals x and the test-time pass is the identity.",
        "zh": "保留的单元没有缩放：反向（inverted）dropout 要把它们除以 p（mask = (rand < p) / p），使输出的期望等于 "
              "x，测试时才能直接输出 x。"},
    "dropout_test_scaled": {
        "en": "In test mode your output is x times {how}: with inverted dropout the scaling happens in training, so "
              "the test-time pass returns x unchanged.",
        "zh": "测试模式下你的输出是 x 乘以 {how}：使用反向 dropout 时缩放在训练时完成，测试时应原样返回 x。"},
    # a naive exercise that calls the fast layers (grader.fastcheck)
    "fast_layers_why": {
        "en": "the naive exercise is to write the loops yourself, so this function earns no points",
        "zh": "朴素版本的练习要求你自己写循环，因此该函数不得分"},
    "fast_layers": {
        "en": "{function} calls the fast layer{s} {names} (line {line}): the naive exercise is to write the "
              "loops yourself, so this function earns no points. Use the fast layers only where the notebook says "
              "so.",
        "zh": "{function} 调用了快速层 {names}（第 {line} 行）：朴素版本的练习要求你自己写循环，因此该函数不得分。只在 notebook 明确允许的地方使用快速层。"},
}

# A case's label is data shared by the hidden and the public tests (``x (2, 3, 7, 7), stride 1, pad 1``): shapes
# and parameter names stay as they are, and these few phrases are worded when the label is shown.
_LABEL_PHRASES = ("label_with_seed", "label_logits_large", "label_projection", "label_identity")


def case_label(label: str, lang: str = "en") -> str:
    """A case's label as shown to a student in ``lang``."""
    for key in _LABEL_PHRASES:
        label = label.replace(MESSAGES[key]["en"], translate(key, lang))
    return label

_MATCHES = " matches the reference"


def messages_with_prefix(prefix: str) -> dict[str, dict[str, str]]:
    """The messages whose key starts with ``prefix``, keyed without it (a module's own view of the table)."""
    return {key[len(prefix):]: entry for key, entry in MESSAGES.items() if key.startswith(prefix)}


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


@dataclasses.dataclass(frozen=True)
class Text:
    """A sentence not worded yet: its message key and its fields (which may be Texts themselves).

    Code that judges (reading a submission, decoding the worker's answer) returns Texts; the report is worded
    once, in the student's language, with ``render``. ``str()`` gives the English wording (logs, exceptions).
    """

    key: str
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return translate(self.key, lang, **{k: render(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.render("en")


def text(key: str, **fields) -> Text:
    """A Text for ``key`` with ``fields``."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in grader.i18n.MESSAGES")
    return Text(key, fields)


def render(value, lang: str = "en"):
    """``value`` worded in ``lang`` when it is a Text; anything else (numbers, plain strings) unchanged."""
    return value.render(lang) if isinstance(value, Text) else value


def detect_lang(explicit: str | None = None) -> str:
    """``explicit`` if given, else CONVKIT_LANG, else ``zh`` for a Chinese locale, else ``en``."""
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("CONVKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
