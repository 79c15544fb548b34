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
    "confinement_missing_one": {"en": "`{layer}` ({why})", "zh": "`{layer}`（{why}）"},
    # why a layer is missing (grader.sandbox.tiers.missing_reason); {code} is the reason's short code
    "why_no_cgroup2": {"en": "this machine has no cgroup v2: `{code}`", "zh": "本机没有 cgroup v2：`{code}`"},
    "why_cgroup2_unreadable": {"en": "the grader cannot read its cgroup v2: `{code}`",
                               "zh": "评分程序读不了自己的 cgroup v2：`{code}`"},
    "why_cgroup2_lacks": {"en": "this machine's cgroup v2 lacks the `{controllers}` controllers",
                          "zh": "本机的 cgroup v2 没有 `{controllers}` 控制器"},
    "why_cgroup_not_used": {"en": "this grader does not make cgroups yet", "zh": "评分程序暂不创建 cgroup"},
    "why_kernel_lacks": {"en": "the kernel lacks it: `{code}`", "zh": "内核不支持：`{code}`"},
    "why_refused": {"en": "the kernel or the container refused it: `{code}`", "zh": "内核或容器拒绝了它：`{code}`"},
    "why_platform": {"en": "the operating system (`{platform}`) has no such layer",
                     "zh": "该操作系统（`{platform}`）没有这一层"},
    "why_no_resource_module": {"en": "Python has no `resource` module here", "zh": "这里的 Python 没有 `resource` 模块"},
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
    # report.html in another language asked (--lang zh,en): a link at the top, named in the page's language
    "report_in_en": {"en": "This report in English", "zh": "英文版报告"},
    "report_in_zh": {"en": "This report in Chinese", "zh": "中文版报告"},
    # --lang zh,en on the terminal and in Gradescope's output: one block per language, this line between them
    "in_other_language": {"en": "The same report in English:", "zh": "同一份报告的中文版："},
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
    "partly_returned": {"en": "{function} returns None for {output}, while it returns {returned}: it is "
                                 "written, one output is not given its value.",
                        "zh": "{function} 的 {output} 返回了 None，而 {returned} 都有返回值：函数已经写了，只是这个输出没有得到它的值。"},
    "partly_returned_side": {
        "en": "{output} is not judged where {first} is None: in those cases {function} returns {first} = None "
              "(see {first}'s hint), so what it returns beside it earns nothing there. Give {first} its value first.",
        "zh": "在 {first} 为 None 的用例中不评判 {output}：这些用例里 {function} 返回的 {first} 是 None（见 {first} 的提示），"
              "所以与它一起返回的其他输出在那里不得分。请先让 {first} 得到它的值。"},
    "out_unset_in_branch": {
        "en": "In {mode} mode your {function} returns `{name}` = None: its `if mode == '{mode}'` branch never assigns "
              "`{name}`. Assign `{name}` there, as the other mode does.",
        "zh": "在 {mode} 模式下你的 {function} 返回的 `{name}` 是 None：它的 `if mode == '{mode}'` 分支从未给 `{name}` "
              "赋值。请在那里给 `{name}` 赋值，就像另一个模式那样。"},
    "partly_returned_typo": {"en": "`{assigned}` is assigned in {function} but never returned; it returns "
                                   "`{returned}`, still None: is `{assigned}` a typo for `{returned}`?",
                             "zh": "{function} 中给 `{assigned}` 赋了值，却从未返回它；返回的是仍为 None 的 "
                                   "`{returned}`：`{assigned}` 是不是 `{returned}` 的笔误？"},
    "partly_returned_never": {"en": "{function} returns `{name}`, which keeps the None it starts with: no line "
                                    "assigns it a value.",
                              "zh": "{function} 返回的 `{name}` 一直是开头赋的 None：没有任何一行给它赋值。"},
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
    "disk_full_files_msg": {"en": "while running {function}, your code made more than {count} files and folders; it "
                                  "was stopped and every case counts as failed.",
                            "zh": "运行 {function} 时你的代码创建了超过 {count} 个文件和文件夹；已被终止，所有用例均计为未通过。"},
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
    # the same check, said of a failing one (the terminal, the HTML page, Gradescope's output)
    "differs_from_reference": {"en": "{output} does not match the reference", "zh": "{output} 与参考实现不一致"},
    # a property output's check, in words (its name is a machine name: dropout's out_0_or_x_over_p)
    "label_out_0_or_x_over_p": {"en": "every element of out is 0 or x / p", "zh": "out 的每个元素都是 0 或 x / p"},
    "label_out_0_or_x_over_p_failed": {"en": "some elements of out are neither 0 nor x / p",
                                       "zh": "out 中有元素既不是 0 也不是 x / p"},
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
                          "zh": "评分程序无法读取你的代码给出的结果：{problem}"},
    # why (grader.sandbox.decode); only code that writes into the grader's channel itself ever meets these
    "answer_empty": {"en": "the worker sent no outputs", "zh": "工作进程没有返回任何输出"},
    "answer_too_large": {"en": "the outputs are too large ({size} bytes)", "zh": "输出过大（{size} 字节）"},
    "answer_malformed": {"en": "the outputs could not be read ({detail})",
                         "zh": "输出不符合评分程序的数据格式，无法读取"},
    "status_too_large": {"en": "the status is too large", "zh": "状态信息过大"},
    "status_not_json": {"en": "the status is not valid JSON", "zh": "状态信息不是有效的 JSON"},
    "status_not_object": {"en": "the status is not a JSON object", "zh": "状态信息不是 JSON 对象"},
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
    "unknown_functions": {"en": "no graded function is called {names}; the closest names: {near}",
                          "zh": "没有名为 {names} 的评分函数；最接近的名字：{near}"},
    "unknown_functions_none": {"en": "none (the names are those of the functions in assignment/)",
                               "zh": "无（名字就是 assignment/ 中函数的名字）"},
    "cannot_compile": {"en": "{file} cannot be compiled: {error}", "zh": "{file} 无法编译：{error}"},
    # the words of case labels besides shapes and parameters (grader.instructor.cases), see case_label
    "label_with_seed": {"en": "with a seed", "zh": "固定随机种子"},
    "label_logits_large": {"en": "logits around 1e3", "zh": "logits 约为 1e3"},
    "label_bn_defaults": {"en": "bn_param without eps and momentum (their defaults)",
                          "zh": "bn_param 中没有 eps 和 momentum（使用它们的默认值）"},
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
    "where_some_channels_norm": {
        "en": "Only some channels are wrong ({which}): check what differs between them: which values each mean and "
              "variance covers (a group's channels together), where eps goes (inside the square root), and gamma and "
              "beta per channel.",
        "zh": "只有部分通道有错（{which}）：请检查它们之间有什么不同：每个均值和方差覆盖哪些值（一个组的通道放在一起）、"
              "eps 的位置（在平方根之内），以及每个通道的 gamma 和 beta。"},
    "where_some_samples_norm": {
        "en": "Only some samples are wrong ({which} of the batch): check what differs between them: which values each "
              "mean and variance covers, and where eps goes (inside the square root).",
        "zh": "只有部分样本有错（批次中的 {which}）：请检查它们之间有什么不同：每个均值和方差覆盖哪些值，以及 eps 的"
              "位置（在平方根之内）。"},
    "where_positions_norm": {
        "en": "Only some positions of each feature map are wrong, in every sample and channel: a normalisation treats "
              "every position alike, so look at where the values are put: the order of the axes in each transpose "
              "and reshape, on the way in and on the way back.",
        "zh": "只有每个特征图中的部分位置有错，而且每个样本、每个通道都是如此：归一化对每个位置一视同仁，所以请检查数值"
              "被放到了哪里：每次 transpose 和 reshape 中轴的顺序，进入时和还原时都要检查。"},
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
        "zh": "位置 {where}：{code}"},  # code: the student's line as a code span (exception_rules.code_span)
    "diag_frame": {
        "en": "{place} in {function}",
        "zh": "{function} 中的 {place}"},
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
    "diag_also_unmodified": {
        "en": "Also, where it left {names} as it was: ",
        "zh": "另外，在没有修改 {names} 的用例上："},
    "diag_out_shape": {
        "en": "{output} has shape {got} where {want} is expected (on {case}).",
        "zh": "{output} 的形状是 {got}，应为 {want}（用例 {case}）。"},
    # learnB's sweep: a spatial norm's output in another layout (grader.layer_patterns.layout_shape_hint)
    "shape_axes_permuted": {
        "en": "The output's shape is the input's axes in another order: the way back to (N, C, H, W) must undo the "
              "way in, each transpose by its inverse (for instance, after `transpose(0, 2, 3, 1)` and a reshape, "
              "back with `reshape(N, H, W, C).transpose(0, 3, 1, 2)`).",
        "zh": "输出的形状是输入的各轴换了顺序：回到 (N, C, H, W) 的那一步必须撤销进入时的变换，每个 transpose 都要用"
              "它的逆来撤销（例如 `transpose(0, 2, 3, 1)` 并 reshape 之后，用 `reshape(N, H, W, C).transpose(0, 3, 1, 2)` "
              "还原）。"},
    # learnS's pool: a batch or layer norm's (N, D) output returned transposed (grader.layer_patterns._transposed_2d)
    "shape_transposed_2d": {
        "en": "Your {function} returns an array of shape {got} where {want} is expected: its transpose. It was computed "
              "in the right layout and transposed once too often (a `.T` on the way out that no `.T` on the way in "
              "calls for), or computed on a transposed array and not put back: return it in x's own layout, N by D.",
        "zh": "你的 {function} 返回的数组形状是 {got}，应为 {want}：正好是它的转置。要么它在正确的布局中算出后又多转置了一次"
              "（出口处的 `.T` 并没有入口处的 `.T` 与之对应），要么它是在转置后的数组上算出的却没有转回来：请按 x 本身的"
              "布局返回，N 行 D 列。"},
    # held-out set T: transposed, and its values read back in x's layout wrong too (no "right layout" then)
    "shape_transposed_2d_values": {
        "en": "Your {function} returns an array of shape {got} where {want} is expected: its transpose, and read "
              "back in x's own layout, N by D, its values are wrong as well.",
        "zh": "你的 {function} 返回的数组形状是 {got}，应为 {want}：正好是它的转置；而且按 x 本身的布局（N 行 D 列）"
              "读回来，它的数值也是错的。"},
    "shape_gn_rows_not_put_back": {
        "en": "out has shape {got}, ending in {rows}, the grouped rows `{view}` (N * G by C // G * H * W): out was "
              "made from x_hat still in that layout. Put x_hat back as (N, C, H, W) first, then scale by gamma and "
              "shift by beta, one value per channel.",
        "zh": "out 的形状是 {got}，最后两个轴是 {rows}，即分组后的行 `{view}`（N * G 乘 C // G * H * W）：out 是用仍处于"
              "这种布局的 x_hat 算出来的。请先把 x_hat 变回 (N, C, H, W)，再按通道用 gamma 缩放、用 beta 平移。"},
    "shape_gn_still_grouped": {
        "en": "The output is still in the grouped layout (N, G, C // G, H, W): reshape it back to (N, C, H, W) before "
              "returning it (gamma and beta, (1, C, 1, 1), then apply per channel).",
        "zh": "输出仍是分组后的布局 (N, G, C // G, H, W)：返回之前要 reshape 回 (N, C, H, W)（之后 gamma 和 beta，"
              "形状 (1, C, 1, 1)，按通道作用）。"},
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
    "src_cache_order": {
        "en": "Your {function} unpacks the cache in another order than your {forward} packs it: {forward} stores "
              "{stored}, {function} reads {read}, so each name on the left receives the value on the right ({pairs}). "
              "Unpack the names in the order the forward stores them.",
        "zh": "你的 {function} 解包 cache 的顺序与你的 {forward} 打包它的顺序不同：{forward} 存入 `{stored}`，"
              "{function} 读出 `{read}`，因此左边的每个名字得到的是右边的值（`{pairs}`）。请按前向存入的顺序解包。"},
    "src_cache_holds_out": {
        "en": "Your {function}'s dx is dout times your {forward}'s {out}, x already masked and scaled, where dout "
              "times the mask belongs: your {forward} stores {out} in its cache in the place your {function} reads "
              "{read} from. Store the mask there.",
        "zh": "你的 {function} 的 dx 是 dout 乘以你的 {forward} 的 {out}（x 已经被掩码并缩放过），而应当乘的是掩码："
              "你的 {forward} 把 {out} 存进了 cache，存在你的 {function} 读取 {read} 的位置。请把掩码存在那里。"},
    "src_dx_hat_from_x_hat": {
        "en": "{function} multiplies {gamma} by {x_hat}, the normalised x your {forward} stored, where {dout} belongs: "
              "the gradient reaching x_hat is the upstream gradient {dout} times gamma.",
        "zh": "{function} 把 {gamma} 乘以 {x_hat}（你的 {forward} 存下的归一化后的 x），而这里应当是 {dout}：到达 x_hat "
              "的梯度是上游梯度 {dout} 乘以 gamma。"},
    "src_unknown_keyword": {
        "en": "{function} calls `{callee}` with the keyword `{keyword}`, which {callee} does not take{near}: that "
              "line raises TypeError (an unexpected keyword argument) whenever it runs, whatever {function} is handed.",
        "zh": "{function} 调用 `{callee}` 时用了关键字参数 `{keyword}`，而 {callee} 没有这个参数{near}：无论 {function} "
              "收到什么，这一行只要运行就会抛出 TypeError（意外的关键字参数）。"},
    "src_unknown_keyword_near": {
        "en": " (did you mean `{name}`?)",
        "zh": "（是不是想写 `{name}`？）"},
    "src_dx_hat_over_var": {
        "en": "{function} divides `{dx_hat}`, the gradient reaching x_hat (dout times gamma), by `{var} + eps`, the "
              "variance plus eps, where the standard deviation `np.sqrt({var} + eps)` belongs: x_hat is (x - mean) / "
              "std, so the gradient reaching x through it directly is `{dx_hat}` / std.",
        "zh": "{function} 把到达 x_hat 的梯度 `{dx_hat}`（dout 乘以 gamma）除以 `{var} + eps`（方差加 eps），而这里应当"
              "除以标准差 `np.sqrt({var} + eps)`：x_hat 是 (x - mean) / std，所以经它直接到达 x 的梯度是 `{dx_hat}` / std。"},
    "src_eps_beside_scaled_std": {
        "en": "{function} divides by `{code}`: eps added beside {count} times the standard deviation `{std}`. eps "
              "belongs only inside the standard deviation's square root, np.sqrt(var + eps); added outside it, the "
              "denominator is no longer {count} times the standard deviation. Divide by `{product}`, with eps inside "
              "the root the standard deviation is taken from.",
        "zh": "{function} 除以 `{code}`：在 {count} 乘以标准差 `{std}` 之外又加了 eps。eps 只应出现在标准差的平方根之内，"
              "即 np.sqrt(var + eps)；加在根号外面，分母就不再是 {count} 乘以标准差。应除以 `{product}`，"
              "eps 放在求标准差的那个根号之内。"},
    "src_dout_moved_otherwise": {
        "en": "{function} moves dout's axes with `{code}`, where {forward} moves x's with `{forward_code}`: dout comes "
              "laid out as x, (N, C, H, W), so only the same move lines each of its values up with what your forward "
              "computed at that place. Use `{fix}`, and undo that move on dx.",
        "zh": "{function} 用 `{code}` 移动 dout 的轴，而 {forward} 用 `{forward_code}` 移动 x 的轴：dout 的布局与 x "
              "相同，都是 (N, C, H, W)，只有同样的移动才能让它的每个值与前向在同一位置算出的值对齐。应使用 "
              "`{fix}`，并在 dx 上撤销这一移动。"},
    "src_dvar_summed_alone": {
        "en": "{function} sums `{dx_hat}` on its own and multiplies that sum by `{centred}` afterwards, where the "
              "variance's gradient sums the product: each feature's (or sample's) one value is the sum of `{dx_hat}` "
              "times `{centred}` over the values its mean covers, not a sum times each value's deviation (that gives "
              "a whole array).",
        "zh": "{function} 先单独对 `{dx_hat}` 求和，之后才把这个和乘以 `{centred}`，而方差的梯度应当对乘积求和：每个特征（或样本）"
              "的那一个值，是在它的均值所覆盖的那些值上对 `{dx_hat}` 乘以 `{centred}` 求和，而不是一个和再乘以每个值的偏差"
              "（那样得到的是整个数组）。"},
    "src_dx_constant_stats": {
        "en": "{function}'s dx is `{code}`, made of dout and the cache's values alone (no sum over the batch, "
              "nothing subtracted): it treats the batch mean and variance as constants. They depend on x too, so add "
              "the paths through the variance and the mean.",
        "zh": "{function} 的 dx 是 `{code}`，只由 dout 和 cache 中的值构成（没有对批次求和，也没有减去任何量）："
              "它把批次均值和方差当成了常数。它们也依赖于 x，还要加上经过方差和均值的梯度路径。"},
    # learnK: WenboKou/assignments' alt unpacked gamma and made dx without it
    "src_dx_without_gamma": {
        "en": "{function} unpacks `{gamma}` but its dx is made without it: the output is gamma * x_hat + beta, so "
              "what reaches x_hat is dout * gamma, and every path of dx to x (straight through x_hat, through the "
              "mean and through the variance) carries that factor.",
        "zh": "{function} 解包出了 `{gamma}`，但它的 dx 没有用到它：输出是 gamma * x_hat + beta，所以传到 x_hat 的梯度"
              "是 dout * gamma，dx 通往 x 的每条路径（直接经过 x_hat、经过均值、经过方差）都带着这个因子。"},
    "src_dvar_unsummed": {
        "en": "{function}'s dx multiplies `{centred}` by dout value by value, outside any sum (`{term}`): the path "
              "through the variance carries d var, one sum over the values each variance is taken over "
              "(np.sum(dx_hat * (x - mean), ...) over the forward's axes), the same number for all of them.",
        "zh": "{function} 的 dx 在任何求和之外把 `{centred}` 与 dout 逐元素相乘（`{term}`）：经过方差的路径带的是 "
              "d var，即对每个方差所覆盖的值求一次和（沿前向传播的轴求 np.sum(dx_hat * (x - mean), ...)），"
              "这些值共用同一个数。"},
    "src_mean_term_unscaled": {
        "en": "{function}'s dx takes `{term}`, the path through the mean, as it is: that term is not divided by std "
              "(nor is dout in it multiplied by gamma): the mean's path, -mean(dx_hat), reaches x through x_hat's "
              "division by std, as the other paths do.",
        "zh": "{function} 的 dx 直接使用了 `{term}` 这条经过均值的路径：这一项没有除以 std（其中的 dout 也没有乘 gamma）："
              "均值这条路径 -mean(dx_hat) 与其他路径一样，是经过 x_hat 中除以 std 的那一步到达 x 的。"},
    "src_dx_no_sums": {
        "en": "{function}'s dx is made value by value (`{code}`): no sum or mean over the batch goes into it, so each "
              "dx sees only its own dout. The paths through the mean and the variance carry sums over the values "
              "each mean covers (np.sum(dx_hat, ...) and np.sum(dx_hat * (x - mean), ...) over the forward's axes): "
              "through them every value's dout reaches every dx of its set.",
        "zh": "{function} 的 dx 是逐元素构成的（`{code}`）：其中没有任何对批次的求和或求均值，所以每个 dx 只看到它自己的 "
              "dout。经过均值和方差的路径带有对每个均值所覆盖的值的求和（沿前向传播的轴求 np.sum(dx_hat, ...) 和 "
              "np.sum(dx_hat * (x - mean), ...)）：通过它们，每个值的 dout 都会传到同一组中的每个 dx。"},
    "src_dout_squared": {
        "en": "{function} multiplies two things that both carry dout (`{code}`): its dx is then quadratic in dout, "
              "where a gradient is linear in it (dout enters once, as the gradient dout * gamma that reaches x_hat, "
              "and each path of dx carries it once).",
        "zh": "{function} 把两个都含有 dout 的量相乘（`{code}`）：这样它的 dx 对 dout 是二次的，而梯度对 dout 应是线性的"
              "（dout 只进入一次，即传到 x_hat 的梯度 dout * gamma，dx 的每条路径都只带它一次）。"},
    "src_dx_without_dout": {
        "en": "{function}'s dx is made without {dout} (`{code}`): nothing it is made of carries the gradient that "
              "reaches the output, so dx is the same whatever {dout} is. It reads like the derivative of the output "
              "itself; the chain rule multiplies it by {dout} (dx_hat = {dout} * gamma), and the paths through the "
              "mean and the variance sum that product over the values each mean covers.",
        "zh": "{function} 的 dx 是在不用 {dout} 的情况下得到的（`{code}`）：构成它的各项都不带有传到输出的梯度，所以"
              "无论 {dout} 是什么，dx 都一样。它看上去是输出本身的导数；链式法则要把它乘以 {dout}"
              "（dx_hat = {dout} * gamma），而经过均值和方差的路径再对每个均值所覆盖的值求这个乘积的和。"},
    "src_dx_hat_one_plus_gamma": {
        "en": "{function} multiplies dout by 1 plus gamma (`{code}`): the output is gamma * x_hat + beta, and beta "
              "does not depend on x_hat, so d out / d x_hat is gamma alone and what reaches x_hat is dout * gamma.",
        "zh": "{function} 把 dout 乘上了 1 加 gamma（`{code}`）：输出是 gamma * x_hat + beta，而 beta 与 x_hat 无关，"
              "所以 d out / d x_hat 只是 gamma，传到 x_hat 的梯度是 dout * gamma。"},
    "src_gn_params_from_ln": {
        "en": "{function} builds dgamma and dbeta from what layernorm_backward returns for them ({names}): on the "
              "(N * G, ...) rows, layer norm's dgamma and dbeta are sums over every row, one value per column (a "
              "position inside a group), so where G > 1 the channels of different groups at the same position are "
              "added together and no reshape of them gives one value per channel. Sum dout * x_hat and dout over "
              "axes (0, 2, 3) of the (N, C, H, W) arrays instead.",
        "zh": "{function} 用 layernorm_backward 为它们返回的值（{names}）来构造 dgamma 和 dbeta：在 (N * G, ...) 的行上，"
              "层归一化的 dgamma 和 dbeta 是对所有行求和、每列（组内的一个位置）一个值，所以当 G > 1 时，不同组中处于同一"
              "位置的通道被加在了一起，怎样 reshape 都得不到每个通道一个值。请改为在 (N, C, H, W) 的数组上对 dout * x_hat "
              "和 dout 沿轴 (0, 2, 3) 求和。"},
    "src_tile_per_channel": {
        "en": "{function} lays out {param}'s per-channel values with `{code}`: np.tile repeats the whole slice "
              "(c0, c1, c0, c1, ...), but {x} keeps its channels before H and W (no axis is moved), so a flattened "
              "slice of it holds each channel's H * W values side by side (c0 H * W times, then c1, ...): "
              "`{fix}` lays the values in that order.",
        "zh": "{function} 用 `{code}` 排布 {param} 的逐通道值：np.tile 重复的是整段切片（c0, c1, c0, c1, ...），"
              "但 {x} 的通道轴仍在 H 和 W 之前（没有移动任何轴），所以把它的切片展平后，每个通道的 H * W 个值是挨在一起的"
              "（c0 重复 H * W 次，然后是 c1，……）：`{fix}` 才按这个顺序排布这些值。"},
    "src_untile_mirror": {
        "en": "{function} gathers a per-column gradient back per channel with `{code}`, which sums every k-th "
              "column: the inverse of the np.tile layout of its {forward}, whose mistake it repeats. Once {forward} "
              "lays gamma out in np.repeat's order (each channel's H * W columns side by side), sum those side-by-side "
              "columns instead: `{fix}`.",
        "zh": "{function} 用 `{code}` 把逐列的梯度按通道收回，它把每隔 k 列的值相加：这是它的 {forward} 中 np.tile 排布的"
              "逆操作，重复了那个错误。{forward} 改为按 np.repeat 的顺序排布 gamma（每个通道的 H * W 列挨在一起）之后，"
              "应当把这些相邻的列相加：`{fix}`。"},
    "src_param_slice_first_axis": {
        "en": "{function} slices {param} as `{code}`, as if it were (C,): it is {shape}, so the slice runs over its "
              "first axis, of size 1, and keeps the whole array; `{param}.reshape(-1)` first takes the channels in "
              "either shape.",
        "zh": "{function} 用 `{code}` 对 {param} 切片，仿佛它的形状是 (C,)：它其实是 {shape}，所以这个切片作用在长度为 1 "
              "的第一个轴上，得到的仍是整个数组；先 `{param}.reshape(-1)`，两种形状下都能取到对应的通道。"},
    "src_cache_layout": {
        "en": "{function} expects a layout its {forward} does not cache: it reads arrays from the cache with another "
              "number of axes than {forward} gives them (below). Cache them in the layout {function} reads, or "
              "reshape them in {function} to the layout {forward} caches.",
        "zh": "{function} 期望的布局并不是它的 {forward} 缓存的布局：它从缓存中读取的数组，轴数与 {forward} 给它们的不同"
              "（见下）。请按 {function} 读取的布局缓存它们，或者在 {function} 中把它们 reshape 成 {forward} 缓存的布局。"},
    "src_cache_layout_array": {
        "en": "- `{name}`: read as {read}-D ({read_code}), cached as {cached}-D (the forward's {where}: {cached_code}).",
        "zh": "- `{name}`：按 {read} 维读取（{read_code}），缓存的却是 {cached} 维（前向函数的 {where}：{cached_code}）。"},
    "src_gamma_on_flat_view": {
        "en": "{function} multiplies {gamma}, group norm's (1, C, 1, 1) gamma, by {view}, {dout} reshaped to {ndim} "
              "axes (`{code}`): NumPy lines up the last axes, so the product is a (1, C, ...) array of every "
              "channel's gamma times every value (no error there), not each channel's gamma on its own values. "
              "Multiply by gamma in the (N, C, H, W) layout, before the reshape ({dout} * {gamma}), where its "
              "channels meet the channels of {dout}.",
        "zh": "{function} 把 {gamma}（组归一化的 (1, C, 1, 1) 形状的 gamma）乘以 {view}，即 reshape 成 {ndim} 个轴的 "
              "{dout}（`{code}`）：NumPy 按最后几个轴对齐，所以乘积是一个 (1, C, ...) 形状的数组，每个通道的 gamma 都乘上了"
              "每个值（那里不会报错），而不是每个通道的 gamma 乘以它自己的值。请在 (N, C, H, W) 布局下、reshape 之前乘 gamma"
              "（{dout} * {gamma}），这样它的通道才对上 {dout} 的通道。"},
    "name_error_group_count": {
        "en": "`{name}` is used in {function} but never assigned there (NameError). D is layer norm's count of values "
              "per sample, not a size of x here: in group norm the statistics run over one group of one sample, so "
              "the count is C // G * H * W (define {name} = C // G * H * W from x's shape and G).",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）。D 是层归一化中每个样本的值的个数，在这里并不是 x "
              "的某个尺寸：组归一化的统计量是在单个样本的一组上计算的，所以这个计数是 C // G * H * W（用 x 的形状和 G 定义 "
              "{name} = C // G * H * W）。"},
    "src_name_undefined": {
        "en": "{function} reads `{name}`, which nothing assigns (not the function, not the module): a NameError "
              "the run has not reached yet.",
        "zh": "{function} 读取了 `{name}`，但没有任何地方给它赋值（函数里和模块里都没有）：这是运行还没走到的一个 NameError。"},
    "src_name_undefined_d": {
        "en": "{function} reads `{name}`, which nothing assigns: a NameError the run has not reached yet. D is "
              "layer norm's count of values per sample; in group norm the statistics run over one group of one "
              "sample, so its count is C // G * H * W (define {name} = C // G * H * W from x's shape and G).",
        "zh": "{function} 读取了 `{name}`，但没有任何地方给它赋值：这是运行还没走到的一个 NameError。D 是层归一化中每个样本"
              "的值的个数；组归一化的统计量是在单个样本的一组上计算的，所以这个计数是 C // G * H * W（用 x 的形状和 G 定义 "
              "{name} = C // G * H * W）。"},
    "src_count_batch": {
        "en": "{function} divides by {N}, the batch size (the first size of its input), where {want}.",
        "zh": "{function} 除以 {N}，也就是批大小（输入的第一个维度），而{want}。"},
    "count_want_layernorm_backward": {
        "en": "a layer norm's statistics run over one sample's D features: every count in its gradient is D",
        "zh": "层归一化的统计量是在单个样本的 D 个特征上计算的：其梯度中的每个计数都是 D"},
    "count_want_layernorm_forward": {
        "en": "a layer norm's mean and variance run over one sample's D features: divide by D (or use np.mean and "
              "np.var over axis=1)",
        "zh": "层归一化的均值和方差是在单个样本的 D 个特征上计算的：应除以 D（或在 axis=1 上用 np.mean 和 np.var）"},
    "count_want_spatial_groupnorm_forward": {
        "en": "a group's mean and variance run over one sample's C // G * H * W values: divide by that count (or use "
              "np.mean and np.var over the group's axes)",
        "zh": "每组的均值和方差是在单个样本的 C // G * H * W 个值上计算的：应除以这个数（或在组的轴上用 np.mean 和 "
              "np.var）"},
    "src_eps_twice": {
        "en": "{function} adds eps on line {first} and again in `{code}`: the variance then behaves as var + 2 * eps. "
              "Add eps once, inside the square root.",
        "zh": "{function} 在第 {first} 行已经加了 eps，在 `{code}` 中又加了一次：方差相当于 var + 2 * eps。"
              "eps 只加一次，放在平方根之内。"},
    # learnS's pool: eps added outside a square root the function takes itself (grader.exception_rules: a backward's
    # beside its readings, a forward's beside an exception)
    # held-out set R (7xxogre): a backward's root of the variance minus eps (grader.exception_rules.open_readings)
    # held-out set R (GiangHLe): a dropout backward comparing its mask with 1 (grader.exception_rules.syntax_readings)
    "src_dropout_mask_eq_one": {
        "en": "{function} keeps dout only where `{code}`: a mask the forward scales holds 0 and 1 / p (not 1 for "
              "p < 1), so this comparison is false everywhere and dx is all zeros (and a 0/1 mask compared so loses "
              "the 1 / p its forward scales by). dx is dout times the mask itself, its scale included.",
        "zh": "{function} 只在 `{code}` 成立的地方保留 dout：前向缩放过的掩码只含 0 和 1 / p（p < 1 时不等于 1），"
              "所以这个比较处处为假，dx 全是零（而用这种比较处理 0/1 掩码，又会丢掉前向所乘的 1 / p）。dx 是 dout "
              "乘以掩码本身，连同它的缩放。"},
    "src_dropout_backward_mask_eq_one": {
        "en": "Your dropout_backward keeps dout where `{code}`: once this forward scales its mask by 1 / p "
              "((rand < p) / p), none of the mask's values is 1 and that dx becomes all zeros: there too, multiply "
              "dout by the mask itself.",
        "zh": "你的 dropout_backward 在 `{code}` 成立的地方保留 dout：一旦这个前向把掩码乘以 1 / p（(rand < p) / p），"
              "掩码中就没有等于 1 的值，那里的 dx 会全是零：那里也请用 dout 乘以掩码本身。"},
    "src_dropout_backward_one_minus_p": {
        "en": "Your dropout_backward scales by 1 - p itself, `{code}`: right for a forward that keeps with probability "
              "1 - p, and wrong once this forward keeps with probability p and divides by p: there too, multiply dout "
              "by the mask from the cache (already divided by p), with no scale of its own.",
        "zh": "你的 dropout_backward 自己按 1 - p 缩放，即 `{code}`：这对以概率 1 - p 保留单元的前向是对的，一旦这个前向"
              "改为以概率 p 保留并除以 p，它就错了：那里也请用 dout 乘以 cache 中的掩码（已经除以 p），不要自己再缩放。"},
    "src_squeeze_no_axis": {
        "en": "{function} squeezes with no axis named, `{code}`: that drops every axis of size 1, the batch's when "
              "N = 1 and the groups' when G = 1, so the shapes after it change with the case. Keep the group "
              "statistics' shape with keepdims=True, or name the axis to drop.",
        "zh": "{function} 调用 squeeze 时没有指定轴，即 `{code}`：这会去掉所有长度为 1 的轴，N = 1 时去掉批次轴，"
              "G = 1 时去掉组轴，于是它之后的形状随用例而变。请用 keepdims=True 保持组统计量的形状，或指明要去掉的轴。"},
    "src_eps_subtracted": {
        "en": "{function} takes `{code}`: eps is subtracted from the variance where it must be added. The standard "
              "deviation the forward divides by is np.sqrt(var + eps).",
        "zh": "{function} 计算的是 `{code}`：从方差中减去了 eps，而这里应当加上 eps。前向除以的标准差是 "
              "np.sqrt(var + eps)。"},
    "src_eps_outside_own_root": {
        "en": "{function} takes a square root itself (`{root}`) and adds eps outside it, `{code}`: eps belongs "
              "inside the root, np.sqrt(var + eps).",
        "zh": "{function} 自己开了平方根（`{root}`），却把 eps 加在根号外面，`{code}`：eps 应在根号之内，"
              "即 np.sqrt(var + eps)。"},
    "src_var_squared": {
        "en": "{function} takes `{code}`: {var} is a variance, already the square of the standard deviation, so "
              "squaring it again gives std ** 4 under the root; use np.sqrt({var} + eps).",
        "zh": "{function} 计算了 `{code}`：{var} 是方差，本身已经是标准差的平方，再平方一次，根号下就成了 std ** 4；"
              "应使用 np.sqrt({var} + eps)。"},
    "src_test_root_without_eps": {
        "en": "In test mode {function} takes `{code}`, with no eps, where train mode has it: add eps inside the square "
              "root there too, np.sqrt(running_var + eps) (a variance can be 0 or tiny).",
        "zh": "在测试模式下 {function} 计算的是 `{code}`，没有 eps，而训练模式中有：那里也要在平方根之内加上 eps，即 "
              "np.sqrt(running_var + eps)（方差可能为 0 或非常小）。"},
    "src_test_var_without_root": {
        "en": "In test mode {function} takes `{code}`, with no square root of running_var: running_var is a "
              "variance, so normalise by the standard deviation, (x - running_mean) / np.sqrt(running_var + eps), "
              "eps inside the root as in train mode.",
        "zh": "在测试模式下 {function} 计算的是 `{code}`，没有对 running_var 开平方根：running_var 是方差，应当除以标准差，"
              "即 (x - running_mean) / np.sqrt(running_var + eps)，eps 像训练模式中一样放在根号之内。"},
    "src_running_from_other": {
        "en": "{function} updates {target} from {read}: each running average is its own previous value moved toward "
              "the batch's statistic, momentum * {target} + (1 - momentum) * the batch's, and {read} belongs only in "
              "its own update.",
        "zh": "{function} 用 {read} 来更新 {target}：每个滑动平均都由它自己先前的值向批次统计量靠拢，即 "
              "momentum * {target} + (1 - momentum) * 批次的统计量，{read} 只应出现在它自己的更新中。"},
    "src_running_every_mode": {
        "en": "{function} updates its running averages (`{code}`) before it looks at the mode, so a call in test "
              "mode moves them too, with the test batch's statistics, and then normalises with them. Update them "
              "only in train mode; test mode reads them as they are.",
        "zh": "{function} 在判断 mode 之前就更新了滑动平均（`{code}`），于是测试模式的调用也会用测试批次的统计量改动它们，"
              "然后再用它们做归一化。只在训练模式下更新滑动平均；测试模式原样读取它们。"},
    "src_cache_left_none": {
        "en": "{function} returns cache = None, as the starter left it: {backward} then has nothing to unpack. "
              "Store in cache the values your {backward} reads (x_hat, gamma, the standard deviation, ...).",
        "zh": "{function} 返回的 cache 仍是模板里的 None：{backward} 于是没有任何东西可以解包。请把你的 {backward} "
              "要读取的值（x_hat、gamma、标准差等）存进 cache。"},
    "src_no_parentheses": {
        "en": "{function} computes `{code}`: / binds tighter than -, so only the mean is divided; put the "
              "difference in parentheses, (x - mean) / np.sqrt(var + eps).",
        "zh": "{function} 计算的是 `{code}`：/ 的优先级高于 -，于是只有均值被除；请给差加上括号，"
              "(x - mean) / np.sqrt(var + eps)。"},
    "count_want_spatial_groupnorm_backward": {
        "en": "a group's mean and variance run over one sample's C // G * H * W values: every count in its "
              "gradient is C // G * H * W",
        "zh": "每组的均值和方差是在单个样本的 C // G * H * W 个值上计算的：其梯度中的每个计数都是 C // G * H * W"},
    "src_twice_the_mean": {
        "en": "{function} multiplies 2 by {mean}, the mean itself, where the variance's derivative belongs: the "
              "variance is the mean of (x - mean) ** 2, so its derivative with respect to x is 2 * (x - mean) / "
              "count, each value's deviation from the mean, not the mean.",
        "zh": "{function} 用 2 乘以 {mean}（均值本身），而这里应当是方差的导数：方差是 (x - mean) ** 2 的均值，所以它"
              "对 x 的导数是 2 * (x - mean) / 计数，即每个值与均值之差，而不是均值。"},
    "src_stats_axes": {
        "en": "{function} takes a mean or variance of {x} with {got}, where {want}.",
        "zh": "{function} 对 {x} 求均值或方差时用的是 {got}，而{want}。"},
    "src_g_unused": {
        "en": "{function} never reads its argument {G}, the number of groups: its groups cannot be the G it is "
              "given (a number such as C // 2 or C // G typed in its place?).",
        "zh": "{function} 从未读取它的参数 {G}（组数）：它的分组不可能是传给它的 G（是否在该用 G 的地方写了 C // 2 或 "
              "C // G 之类的数？）。"},
    "name_error_param_key": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): it is the caller's, read it from "
              "{own} first (its key '{entry}', with .get and a default where the docstring says it may be missing).",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：它是调用者给的，请先从 {own} 中读取（键 "
              "'{entry}'；文档说明可能缺省的键用 .get 并给默认值）。"},
    "name_error_shape": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): take the sizes from "
              "{array}.shape first.",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：请先从 {array}.shape 取得各个尺寸。"},
    "name_error_dout_in_forward": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): dout is the upstream gradient a "
              "backward receives, and a forward has none; {function} computes its output from {array}.",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：dout 是反向传播收到的上游梯度，前向传播没有它；"
              "{function} 的输出要由 {array} 算出。"},
    "name_error_dout_dropout_test": {
        "en": "In test mode, dropout passes {array} through unchanged: out = {array}.",
        "zh": "测试模式下，dropout 原样传出 {array}：out = {array}。"},
    "name_error_near": {
        "en": "`{name}` is used in {function} but never assigned there (NameError); a name close to it is: "
              "`{near}` (a typo?).",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）；与它相近的名字 `{near}` 倒是有（是拼写错误吗？）。"},
    "name_error_forward_only": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): it is a name of your {forward}, "
              "and a backward sees only what its forward put into cache. Store {name} in the cache there and unpack "
              "it here (or compute it again from what the cache holds).",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：它是你的 {forward} 里的名字，而反向传播只能"
              "看到前向传播放进 cache 的东西。请在那里把 {name} 存进 cache，在这里再解包出来（或者用 cache 里已有的值"
              "重新算出它）。"},
    "name_error_forward_cached": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): it is a name of your {forward}, "
              "and a backward sees only what its forward put into cache. Your {forward} does put {name} into its "
              "cache, and {function} unpacks that value as `{mine}`: the value is there under that name.",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：它是你的 {forward} 里的名字，而反向传播只能"
              "看到前向传播放进 cache 的东西。你的 {forward} 确实把 `{name}` 放进了 cache，而 {function} 把这个值解包成了 "
              "`{mine}`：这个值就在那个名字下。"},
    "name_error_numpy": {
        "en": "`{name}` is called in {function} but never defined (NameError): numpy's function of that name is "
              "`{np}.{name}`; call it through the module (your file imports numpy as {np}).",
        "zh": "{function} 中调用了 `{name}`，但它从未被定义（NameError）：numpy 中同名的函数是 `{np}.{name}`，请通过"
              "模块调用它（你的文件把 numpy 导入为 {np}）。"},
    "name_error_never": {
        "en": "`{name}` is used in {function} but never assigned there (NameError): give it a value before this line, "
              "or use the name you gave that value.",
        "zh": "{function} 中用到了 `{name}`，但从未在其中赋值（NameError）：请在这一行之前给它赋值，或改用你给那个值起的名字。"},
    "src_no_axis": {"en": "no axis (the whole array)", "zh": "不带 axis（即整个数组）"},
    "src_stats_axes_view": {
        "en": "{function} takes a mean or variance of the grouped view `{code}` with {got}, where one sample's group "
              "lies along {want} of that view.",
        "zh": "{function} 对分组视图 `{code}` 用 {got} 求均值或方差，而一个样本的一个组位于该视图的 {want} 上。"},
    "src_g_overwritten": {
        "en": "{function} overwrites its argument {G}, the number of groups (`{code}`): from that line on, its groups "
              "are not the G it is given.",
        "zh": "{function} 覆盖了它的参数 {G}（组数）（`{code}`）：从那一行起，它的分组就不是传给它的 G 了。"},
    "src_dout_sum_axes": {
        "en": "{function} sums {dout} over {got}, where one value per channel (dbeta's) comes from summing over every "
              "axis but the channels' ({want}).",
        "zh": "{function} 在 {got} 上对 {dout} 求和，而每个通道一个值（dbeta 的）要在除通道外的所有轴上求和（{want}）。"},
    "src_running_misspelt": {
        "en": "In {function}, the update goes into `{name}`, which nothing reads: it is spelt otherwise than "
              "`{right}`, so the running average stored in the end is the one you were given.",
        "zh": "在 {function} 中，更新结果赋给了 `{name}`，但之后没有任何地方读取它：它与 `{right}` 拼写不同，所以最后存回的"
              "仍是传进来的滑动平均。"},
    "src_running_fed_centred": {
        "en": "In {function}, running_mean is fed `{name}`, the centred {x} ({x} minus the mean: one value per sample "
              "and feature), where the running average takes the batch mean itself, one value per feature: "
              "momentum * running_mean + (1 - momentum) * mean.",
        "zh": "在 {function} 中，running_mean 用的是 `{name}`，即中心化后的 {x}（{x} 减去均值：每个样本、每个特征一个值），"
              "而滑动平均应当用批次均值本身（每个特征一个值）：momentum * running_mean + (1 - momentum) * mean。"},
    "src_running_key_misspelt": {
        "en": "In {function}, the running average is stored as {holder}['{stored}']: the key is spelt otherwise than "
              "'{right}', so {holder}['{right}'] keeps the value you were given. Store it as {holder}['{right}'].",
        "zh": "在 {function} 中，滑动平均存进了 {holder}['{stored}']：这个键与 '{right}' 拼写不同，所以 {holder}['{right}'] "
              "仍是传进来的值。请存为 {holder}['{right}']。"},
    "src_running_overwritten": {
        "en": "In {function}, {holder}['{item}'] is stored on line {line}, then stored again on this line from "
              "`{name}`, which your code never updated: the later line puts back the running average you were "
              "given. Update `{name}` itself (or drop one of the two stores).",
        "zh": "在 {function} 中，第 {line} 行已经写入了 {holder}['{item}']，这一行又用 `{name}` 再写一次，而你的代码从未更新"
              "过 `{name}`：后写的这一行把传进来的滑动平均放了回去。请直接更新 `{name}`（或删去两次写入中的一次）。"},
    "src_eps_nowhere": {
        "en": "{function} has a square root but no eps anywhere: the standard deviation is np.sqrt(var + eps), with the "
              "eps read from its parameter dict.",
        "zh": "{function} 中有平方根，却没有任何 eps：标准差是 np.sqrt(var + eps)，其中 eps 从它的参数字典中读取。"},
    "src_eps_nowhere_backward": {
        "en": "{function} takes a square root but has no eps anywhere: the std the forward divides by is "
              "np.sqrt(var + eps), so a root of the bare variance is another number (unless the variance the cache "
              "holds already has eps added): take eps from the cache, or cache std itself.",
        "zh": "{function} 中有平方根，却没有任何 eps：前向除以的标准差是 np.sqrt(var + eps)，只对方差本身开方得到的是另一个数"
              "（除非 cache 中的方差已经加上了 eps）：从 cache 中取出 eps，或者直接缓存 std。"},
    "src_param_dict_callee": {
        "en": "{function} hands its {own} to {callee}, which reads it as its {reads}: {own} holds only what "
              "{function} is given (its eps), not the 'mode' and running averages a {reads} holds.",
        "zh": "{function} 把它的 {own} 传给了 {callee}，而 {callee} 把它当作 {reads} 读取：{own} 只含 {function} "
              "收到的内容（eps），没有 {reads} 所含的 'mode' 和滑动平均值。"},
    "src_callee_batch_axes": {
        "en": "And {callee} on {x} as it is normalises each channel over the batch, where {want}.",
        "zh": "而且对原样的 {x} 调用 {callee} 是对每个通道在批次上归一化，而{want}。"},
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
    "pattern_eps_large_backward": {
        "en": "Your {function} is right with the usual eps = 1e-5 and wrong with a large eps: the eps it uses is not "
              "the one its forward was given (typed in as 1e-5, or not taken from the cache), or it sits outside a "
              "square root, or the forward caches a standard deviation without eps (np.sqrt(var) where its x_hat "
              "used np.sqrt(var + eps)).",
        "zh": "你的 {function} 在通常的 eps = 1e-5 时正确，在 eps 较大时出错：它用的 eps 不是前向得到的那个"
              "（写死为 1e-5，或没有从 cache 中取），或者 eps 放在了平方根之外，或者前向传播缓存的标准差不含 eps"
              "（x_hat 用的是 np.sqrt(var + eps)，缓存的却是 np.sqrt(var)）。"},
    "pattern_test_only": {
        "en": "Your {function} is right in train mode and wrong in test mode: the test-time pass normalises with "
              "bn_param's running_mean and running_var, not the batch's statistics, in the train-mode formula (eps "
              "inside the square root, then gamma and beta). Check that branch.",
        "zh": "你的 {function} 在训练模式下正确、在测试模式下出错：测试时应使用 bn_param 中的 running_mean 和 "
              "running_var（而不是当前批次的统计量），套用与训练模式相同的公式（eps 在平方根之内，再乘 gamma、加 beta）。"
              "请检查这一分支。"},
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
    "pattern_bn_defaults": {
        "en": "Your {function} is right wherever bn_param holds eps and momentum, and wrong where it lacks them (as "
              "the course's notebook hands it, {{'mode': 'train'}}): their defaults are the docstring's, "
              "bn_param.get('eps', 1e-5) and bn_param.get('momentum', 0.9), as the given code reads them.",
        "zh": "你的 {function} 在 bn_param 含有 eps 和 momentum 时都对，缺少它们时出错（课程的 notebook 就是这样传入的："
              "{{'mode': 'train'}}）：它们的默认值应与文档字符串一致，即 bn_param.get('eps', 1e-5) 和 "
              "bn_param.get('momentum', 0.9)，正如给定代码的读法。"},
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
        "en": "Your {function} is written for 2-D x alone and fails on 4-D input: dropout takes x of any shape (the "
              "docstring: \"x: Input data, of any shape\"); draw the mask with np.random.rand(*x.shape), not from "
              "x.shape[0] and x.shape[1].",
        "zh": "你的 {function} 只为二维的 x 而写，在四维输入上出错：dropout 的输入 x 可以是任意形状（文档字符串："
              "“x: Input data, of any shape”）；请用 np.random.rand(*x.shape) 生成掩码，不要只用 x.shape[0] 和 "
              "x.shape[1]。"},
    "dropout_found": {"en": "{what}", "zh": "{what}"},
    "dropout_keeps_1_minus_p": {
        "en": "Your code keeps a unit with probability 1 - p: here p is the probability of KEEPING it. The "
              "docstring of dropout_forward says \"p: Dropout parameter. We keep each neuron output with "
              "probability p.\" (CS231n since 2018; before 2018 p was the probability of dropping). Keep with "
              "np.random.rand(*x.shape) < p and divide by p.",
        "zh": "你的代码以 1 - p 的概率保留单元：这里 p 是“保留”的概率。dropout_forward 的文档字符串写的是"
              "“p: Dropout parameter. We keep each neuron output with probability p.”（即以概率 p 保留每个神经元的"
              "输出；CS231n 2018 年起如此，2018 年以前的 p 是丢弃的概率）。请用 np.random.rand(*x.shape) < p 保留，并除以 p。"},
    "dropout_scaled_one_minus_p": {
        "en": "Your code keeps a unit with probability p, as the docstring says (its mask is rand < p's draw), but "
              "divides the kept ones by 1 - p: inverted dropout divides by the probability of keeping, p "
              "(keep where rand < p, and divide the kept units by p).",
        "zh": "你的代码以概率 p 保留单元，与文档字符串一致（它的掩码正是 rand < p 抽出的那一个），但把保留下来的单元除以了 "
              "1 - p：反向（inverted）dropout 应除以保留的概率 p（在 rand < p 处保留，并把保留的单元除以 p）。"},
    "dropout_not_scaled": {
        "en": "The kept units are not scaled: inverted dropout divides them by p (mask = (rand < p) / p), so that "
              "the expected output equals x and the test-time pass is the identity.",
        "zh": "保留的单元没有缩放：反向（inverted）dropout 要把它们除以 p（mask = (rand < p) / p），使输出的期望等于 "
              "x，测试时才能直接输出 x。"},
    "dropout_scaled_twice": {
        "en": "The kept units are x times {got:.4g} on a case with p = {p:g}: that is x / p / p, divided by p twice "
              "(once in the mask, once again in out?). Inverted dropout divides once: x times {want:.4g}.",
        "zh": "在 p = {p:g} 的用例上，保留的单元是 x 乘以 {got:.4g}：即 x / p / p，除了两次 p（掩码里一次，out 里又一次？）。"
              "反向 dropout 只除一次：x 乘以 {want:.4g}。"},
    "dropout_scaled_by": {
        "en": "The kept units are x times {got:.4g} on a case with p = {p:g}, where inverted dropout keeps x / p, x "
              "times {want:.4g}: check the factor the mask or out is scaled by.",
        "zh": "在 p = {p:g} 的用例上，保留的单元是 x 乘以 {got:.4g}，而反向 dropout 保留的是 x / p，即 x 乘以 "
              "{want:.4g}：请检查掩码或 out 所乘的系数。"},
    "dropout_backward_out_mask": {
        "en": "Your dx is zero at units your forward kept where x is negative: the mask is read back from out "
              "(out > 0, say), which is also 0 or negative where a kept x was. Keep the mask itself in the cache and "
              "use it.",
        "zh": "你的 dx 在前向传播保留了、但 x 为负的单元上是零：掩码是从 out 读回来的（例如 out > 0），而被保留的 x 为负时"
              " out 也不大于零。请把掩码本身存进 cache 并使用它。"},
    "dropout_backward_unscaled": {
        "en": "Your dx passes dout through the kept units unscaled, while your forward divided them by p (p = {p:g} "
              "here): dx is dout times the same mask the forward used, 1 / p included.",
        "zh": "你的 dx 把 dout 原样传过保留的单元，而你的前向传播把它们除以了 p（此处 p = {p:g}）：dx 应是 dout 乘以前向"
              "所用的同一个掩码，包括 1 / p。"},
    "dropout_backward_unscaled_own": {
        "en": "Your dx passes dout through the kept units unscaled, while your forward multiplies them by {scale}: "
              "dx is dout times the same mask the forward used, its scale included (1 / p, once the forward keeps a "
              "unit with probability p).",
        "zh": "你的 dx 把 dout 原样传过保留的单元，而你的前向传播把它们乘以了 {scale}：dx 应是 dout 乘以前向所用的"
              "同一个掩码，包括其缩放（前向以概率 p 保留单元时为 1 / p）。"},
    "dropout_test_scaled": {
        "en": "In test mode your output is x times {how}: with inverted dropout the scaling happens in training, so "
              "the test-time pass returns x unchanged.",
        "zh": "测试模式下你的输出是 x 乘以 {how}：使用反向 dropout 时缩放在训练时完成，测试时应原样返回 x。"},
    "dropout_train_relu": {
        "en": "In train mode every negative value of x comes out 0, kept or not: your code masks np.maximum(0, x) (a "
              "ReLU), not x. Dropout multiplies x itself by the mask, negative values included; the ReLU is a layer "
              "of its own.",
        "zh": "训练模式下 x 的每个负值都输出为 0，无论是否被保留：你的代码对 np.maximum(0, x)（ReLU）而不是 x 施加掩码。"
              "dropout 应当直接用掩码乘以 x 本身，负值也包括在内；ReLU 是另一个单独的层。"},
    "dropout_test_masked": {
        "en": "In test mode your output drops units: each is 0 or x, as a mask makes it. The test-time pass applies "
              "no mask at all: it returns x unchanged (inverted dropout scaled the kept units in training).",
        "zh": "测试模式下你的输出丢弃了一些单元：每个值要么是 0，要么是 x，就像施加了掩码一样。测试时根本不施加掩码："
              "应原样返回 x（反向 dropout 已在训练时对保留的单元做了缩放）。"},
    # learnW's pool: test mode drawing the train mode's scaled mask
    "dropout_test_masked_scaled": {
        "en": "In test mode your output drops units and scales the rest: each is 0 or {scale} * x, as a train-mode "
              "mask makes it. The test-time pass applies no mask and no scale at all: it returns x unchanged "
              "(inverted dropout scaled the kept units in training).",
        "zh": "测试模式下你的输出丢弃了一些单元并缩放了其余单元：每个值要么是 0，要么是 {scale} * x，就像施加了训练时的掩码一样。"
              "测试时既不施加掩码也不缩放：应原样返回 x（反向 dropout 已在训练时对保留的单元做了缩放）。"},
    "dropout_test_relu": {
        "en": "In test mode your output is np.maximum(0, x): the negative values are set to 0, as a ReLU does. "
              "Dropout's test-time pass returns x unchanged, negative values included.",
        "zh": "测试模式下你的输出是 np.maximum(0, x)：负值被置为 0，就像 ReLU 那样。dropout 测试时应原样返回 x，"
              "负值也保留。"},
    "dropout_how_half": {"en": "0.5 (p or 1 - p: the cases in test mode all have p = 0.5, where the two are equal)",
                         "zh": "0.5（即 p 或 1 - p：测试模式的用例都是 p = 0.5，此时二者相等）"},
    # issue 19, second round (grader.layer_patterns, grader.probing, grader.exception_rules): real students'
    # dropout and normalisation mistakes
    "dropout_keeps_all": {
        "en": "In train mode your output equals x: the mask keeps every unit. Check the comparison that draws it: "
              "(np.random.rand(*x.shape) < p) / p, with the parentheses (rand < p / p compares with 1, since / "
              "binds tighter than <).",
        "zh": "训练模式下你的输出等于 x：掩码保留了所有单元。请检查生成掩码的比较：(np.random.rand(*x.shape) < p) / p，"
              "括号不能少（rand < p / p 是在和 1 比较，因为 / 的优先级高于 <）。"},
    "src_dropout_randn": {
        "en": "The mask is drawn with np.random.randn, a normal distribution: randn < p keeps a unit with the "
              "probability that a normal sample is below p (about 0.76 at p = 0.7), not p. Draw it from the uniform "
              "distribution on [0, 1): np.random.rand(*x.shape) < p.",
        "zh": "掩码是用 np.random.randn（正态分布）生成的：randn < p 保留单元的概率是正态样本小于 p 的概率"
              "（p = 0.7 时约为 0.76），而不是 p。请从 [0, 1) 上的均匀分布生成：np.random.rand(*x.shape) < p。"},
    "src_dropout_randn_ge": {
        "en": "The mask is drawn with np.random.randn, a normal distribution: randn >= p keeps a unit with the "
              "probability that a normal sample is at least p (about 0.24 at p = 0.7), not p. Here p is the "
              "probability of KEEPING a unit: the docstring of dropout_forward says \"p: Dropout parameter. We keep "
              "each neuron output with probability p.\" (CS231n since 2018; before 2018 p was the probability of "
              "dropping, and the kept units were divided by 1 - p). Draw from the uniform distribution on [0, 1), "
              "keep with np.random.rand(*x.shape) < p and divide by p.",
        "zh": "掩码是用 `np.random.randn`（正态分布）生成的：`randn >= p` 保留单元的概率是正态样本不小于 `p` 的概率"
              "（`p = 0.7` 时约为 0.24），而不是 `p`。这里 `p` 是“保留”的概率：`dropout_forward` 的文档字符串写的是"
              "“p: Dropout parameter. We keep each neuron output with probability p.”（即以概率 p 保留每个神经元的"
              "输出；CS231n 2018 年起如此，2018 年以前的 p 是丢弃的概率，保留的单元除以 `1 - p`）。请从 [0, 1) 上的均匀"
              "分布生成，用 `np.random.rand(*x.shape) < p` 保留，并除以 `p`。"},
    "src_sbn_reshape_before_transpose": {
        "en": "The (N * H * W, C) result is reshaped to (N, C, H, W) before it is transposed: its rows are in "
              "(N, H, W) order with C last, so reshape it to (N, H, W, C) first, then .transpose(0, 3, 1, 2).",
        "zh": "(N * H * W, C) 的结果在转置之前就被 reshape 成了 (N, C, H, W)：它的行按 (N, H, W) 排列、C 在最后，"
              "所以应先 reshape 成 (N, H, W, C)，再 .transpose(0, 3, 1, 2)。"},
    "src_sbn_column_per_channel": {
        "en": "Batch norm runs on each channel's (N * H * W, 1) column with the one bn_param: its running averages "
              "are (C,), one per channel, so every call averages its channel's statistics into all C of them, and "
              "test mode subtracts all C running means from one column. Run batch norm once on "
              "x.transpose(0, 2, 3, 1).reshape(-1, C) (one column per channel), then reshape and transpose back.",
        "zh": "批归一化在每个通道的 (N * H * W, 1) 列上分别运行，却共用同一个 bn_param：其中的滑动平均是 (C,)，每个通道"
              "一个值，于是每次调用都把这一个通道的统计量平均进全部 C 个值里，测试模式还会从一列中减去全部 C 个滑动均值。"
              "请在 x.transpose(0, 2, 3, 1).reshape(-1, C)（每个通道一列）上只运行一次批归一化，再 reshape 并转置回来。"},
    "src_eps_assigned": {
        "en": "eps is set to a number here instead of the eps the layer is given: the graded cases pass other "
              "values. In a forward read it from the parameter dict; in a backward, store the forward's eps in the "
              "cache and take it from there.",
        "zh": "这里把 eps 设成了一个固定的数字，而不是该层得到的 eps：评分用例会传入其他值。前向中请从参数字典读取；"
              "反向中请把前向的 eps 存进 cache，再从 cache 中取出。"},
    "src_dropout_test_1_minus_p": {
        "en": "In test mode your output is x * (1 - p): with inverted dropout the scaling already happened in "
              "training (the kept units divided by p), so the test-time pass returns x unchanged.",
        "zh": "测试模式下你的输出是 x * (1 - p)：使用反向 dropout 时缩放已在训练时完成（保留的单元已除以 p），"
              "测试时应原样返回 x。"},
    "src_eps_changed": {
        "en": "eps is changed here by a number after it is read: the layer must use exactly the eps it is given (in a "
              "backward, its forward's, from the cache). At the usual 1e-5 the change stays below the tolerance; with "
              "the graded cases' larger eps it does not. Leave eps as it is given.",
        "zh": "这里在读取 eps 之后又用一个数字改动了它：该层必须严格使用它得到的 eps（反向中是前向的那个，从 cache 中取）。"
              "在通常的 1e-5 下这个改动小于容差；但评分用例会用更大的 eps，那时就不是了。请保持 eps 原样。"},
    "src_sbn_rows_per_sample": {
        "en": "Batch norm runs here on x reshaped to (N, C * H * W): each row is one sample and each column one "
              "(c, h, w) position, so every position is normalised over N alone, and the statistics have C * H * W "
              "values where bn_param's running averages have one per channel, (C,). Spatial batch norm averages each "
              "channel over N, H and W: x.transpose(0, 2, 3, 1).reshape(-1, C), then batch norm, then back.",
        "zh": "这里的批归一化作用在 reshape 成 (N, C * H * W) 的 x 上：每一行是一个样本，每一列是一个 (c, h, w) 位置，"
              "所以每个位置只在 N 上单独归一化，统计量有 C * H * W 个值，而 bn_param 中的滑动平均每个通道一个值，形状是 "
              "(C,)。空间批归一化对每个通道在 N、H、W 上求平均：x.transpose(0, 2, 3, 1).reshape(-1, C)，再做批归一化，"
              "然后变换回来。"},
    "src_eps_hardcoded": {
        "en": "eps is written as a number inside the square root: read it from the parameter dict "
              "(eps = bn_param.get('eps', 1e-5), or from ln_param / gn_param); the graded cases pass other "
              "values of eps.",
        "zh": "平方根里的 eps 写成了固定的数字：请从参数字典中读取（eps = bn_param.get('eps', 1e-5)，或从 "
              "ln_param / gn_param 读取）；评分用例会传入其他的 eps 值。"},
    "src_momentum_hardcoded": {
        "en": "momentum is written as a number in the running averages: read it from bn_param (momentum = "
              "bn_param.get('momentum', 0.9)); the graded cases pass other values of momentum.",
        "zh": "滑动平均里的 momentum 写成了固定的数字：请从 bn_param 中读取（momentum = "
              "bn_param.get('momentum', 0.9)）；评分用例会传入其他的 momentum 值。"},
    "rule_reshape_keywords": {
        "en": "The NumPy 2 this grader runs no longer takes np.reshape's arguments as keywords: newshape= was "
              "deprecated in NumPy 2.1 and is gone, and the array (a=) is positional only. Pass both positionally, "
              "np.reshape(arr, new_shape) or arr.reshape(new_shape), or name the shape shape=.",
        "zh": "评分器运行的 NumPy 2 不再接受以关键字传入 np.reshape 的参数：newshape= 在 NumPy 2.1 中被弃用、现已删除，"
              "数组参数（a=）也只能按位置传入。请按位置传入两者，写成 np.reshape(arr, new_shape) 或 "
              "arr.reshape(new_shape)，或者把形状写成 shape=。"},
    "numpy2_removed": {
        "en": "np.product, np.cumproduct, np.alltrue, np.sometrue and np.asscalar were removed in NumPy 2.0: "
              "write np.prod, np.cumprod, np.all, np.any, and x.item().",
        "zh": "NumPy 2.0 删除了 np.product、np.cumproduct、np.alltrue、np.sometrue 和 np.asscalar：请分别改用 "
              "np.prod、np.cumprod、np.all、np.any 和 x.item()。"},
    "probe_norm_momentum_swapped": {
        "en": "Probed with momentum 0 and momentum 1: your running_mean stays unchanged at momentum 0 and becomes "
              "the batch mean at momentum 1, the wrong way round: running_mean = momentum * running_mean + "
              "(1 - momentum) * sample_mean (momentum 1 keeps the old average), and the same for running_var.",
        "zh": "用 momentum 0 和 momentum 1 试探：你的 running_mean 在 momentum 0 时保持不变，在 momentum 1 时变成了"
              "批次均值，正好反了：running_mean = momentum * running_mean + (1 - momentum) * sample_mean"
              "（momentum 为 1 时保留旧的平均值），running_var 同理。"},
    "probe_norm_momentum_ignored": {
        "en": "Probed with momentum 0 and momentum 1: your running averages come out the same for both, so the "
              "momentum of bn_param is not used: running_mean = momentum * running_mean + (1 - momentum) * "
              "sample_mean, with momentum = bn_param.get('momentum', 0.9).",
        "zh": "用 momentum 0 和 momentum 1 试探：两种情况下你的滑动平均完全相同，说明没有使用 bn_param 中的 momentum："
              "running_mean = momentum * running_mean + (1 - momentum) * sample_mean，其中 momentum = "
              "bn_param.get('momentum', 0.9)。"},
    "probe_norm_not_updated": {
        "en": "Probed with momentum 0 and momentum 1: your running_mean stays unchanged in both, where at momentum "
              "0 it must become the batch mean: the running averages are not updated in train mode, or not stored "
              "back into bn_param['running_mean'] and bn_param['running_var'].",
        "zh": "用 momentum 0 和 momentum 1 试探：两种情况下你的 running_mean 都没有变化，而 momentum 为 0 时它应变成"
              "批次均值：训练模式下没有更新滑动平均，或者没有存回 bn_param['running_mean'] 和 "
              "bn_param['running_var']。"},
    "probe_norm_constant_feature": {
        "en": "Probed with one feature constant over the batch (its variance is 0): your output there is not "
              "finite, so the denominator has no eps: divide by np.sqrt(var + eps).",
        "zh": "用一个在整个批次上为常数的特征试探（其方差为 0）：你在该特征上的输出不是有限值，说明分母里没有 eps："
              "请除以 np.sqrt(var + eps)。"},
    "pattern_sbn_backward_count_n": {
        "en": "Your {function}'s dx is what the batch-norm formula gives with N where N * H * W belongs: spatial "
              "batch norm takes each channel's mean and variance over N * H * W values, so the count you divide "
              "by (and multiply dout by) is N * H * W, not N.",
        "zh": "你的 {function} 的 dx 相当于把批归一化公式中的 N * H * W 换成了 N：空间批归一化对每个通道在 "
              "N * H * W 个值上计算均值和方差，所以要除以（以及乘以 dout 的）计数是 N * H * W，而不是 N。"},
    "pattern_norm_backward_diagonal": {
        "en": "Your {function}'s dx at each value is built from that value's own dout alone (dout * gamma times a "
              "factor of its own x_hat): it keeps only the diagonal of the Jacobian. Each x also moves the mean and "
              "the variance of the values it is normalised with ({axes}), and through them every x_hat among those "
              "values, so each dx also collects sums over those values, of dx_hat (the term through the mean) and of "
              "dx_hat * x_hat (the term through the variance).",
        "zh": "你的 {function} 在每个位置上的 dx 只由该位置自己的 dout 算出（dout * gamma 乘以只依赖它自己 x_hat 的因子）："
              "它只保留了雅可比矩阵的对角线。每个 x 还会改变与它一起归一化的那些值（{axes}）的均值和方差，并由此影响其中"
              "每一个 x_hat，所以每个 dx 还要收集这些值上的求和：dx_hat 的和（经过均值的那一项）和 dx_hat * x_hat 的和"
              "（经过方差的那一项）。"},
    "pattern_norm_backward_diagonal_no_gamma": {
        "en": "Your {function}'s dx at each value is built from that value's own dout alone (dout times a factor of "
              "its own x_hat, gamma left out: what reaches x_hat is dout * gamma): it keeps only the diagonal of the "
              "Jacobian. Each x also moves the mean and the variance of the values it is normalised with ({axes}), "
              "and through them every x_hat among those values, so each dx also collects sums over those values, of "
              "dx_hat (the term through the mean) and of dx_hat * x_hat (the term through the variance).",
        "zh": "你的 {function} 在每个位置上的 dx 只由该位置自己的 dout 算出（dout 乘以只依赖它自己 x_hat 的因子，而且漏掉了 "
              "gamma：传到 x_hat 的梯度是 dout * gamma）：它只保留了雅可比矩阵的对角线。每个 x 还会改变与它一起归一化的那些值"
              "（{axes}）的均值和方差，并由此影响其中每一个 x_hat，所以每个 dx 还要收集这些值上的求和：dx_hat 的和（经过均值的"
              "那一项）和 dx_hat * x_hat 的和（经过方差的那一项）。"},
    "pattern_norm_backward_divided_by_x_hat": {
        "en": "Your {function}'s dx is divided by x_hat where the division by std belongs: the bracket it divides "
              "(dx_hat less the terms through the mean and the variance) is right, but it is scaled by 1 / std, "
              "one value for all the values a mean covers, not by 1 / x_hat, which differs from value to value.",
        "zh": "你的 {function} 的 dx 除以了 x_hat，而这里应当除以 std：被除的那一部分（dx_hat 减去经过均值和经过方差的"
              "两项）是对的，但它应乘以 1 / std（同一个均值覆盖的所有值共用一个值），而不是 1 / x_hat（每个值都不同）。"},
    "pattern_norm_backward_not_centred": {
        "en": "Your {function}'s dx does not sum to zero over the values each mean is taken over ({axes} is not 0): "
              "the path through the mean is missing, or its count is wrong, or a sum in dx runs over other axes "
              "than the mean's (every sum in dx, the variance's term too, runs over the forward's axes); each of "
              "the M values a mean is taken over gets -sum(dx_hat) / M from it.",
        "zh": "你的 {function} 的 dx 在每个均值所覆盖的那些值上求和不为零（{axes} 不等于 0）：缺少经过均值的梯度路径，"
              "或者计数用错了，或者 dx 中某个求和所用的轴与均值的轴不同（dx 中的每个求和，包括方差那一项，都应在前向"
              "传播所用的轴上进行）；一个均值覆盖 M 个值，其中每个值都从它分得 -sum(dx_hat) / M。"},
    "ln_backward_batch_axis_without_gamma": {
        "en": "The backward sums over the batch (axis 0) and leaves gamma out: in layer norm every sum runs over the "
              "D features of one sample (axis=1, keepdims=True), and the gradient reaching x_hat is dout times "
              "gamma, since the forward scaled x_hat by gamma.",
        "zh": "反向传播在批次（轴 0）上求和，并且漏掉了 gamma：层归一化中的每个求和都应在单个样本的 D 个特征上进行"
              "（axis=1, keepdims=True），并且传到 x_hat 的梯度是 dout 乘以 gamma，因为前向传播用 gamma 缩放了 x_hat。"},
    "bn_test_without_eps": {
        "en": "In test mode eps is missing: normalise with np.sqrt(running_var + eps), as in train mode (a running "
              "variance can be 0 or tiny).",
        "zh": "测试模式下缺少 eps：应像训练模式一样用 np.sqrt(running_var + eps) 归一化（滑动方差可能为 0 或非常小）。"},
    "sandbox_numpy_only": {
        "en": "Your code uses a library the grader does not have (it has numpy, and the notebooks' matplotlib, "
              "scipy, Pillow and six): importing it costs nothing, using it fails. layers.py needs only numpy: "
              "write this part with numpy (plots and debuggers belong in the notebook).",
        "zh": "你的代码用到了评分程序没有的库（评分程序只有 numpy，以及 notebook 所用的 matplotlib、scipy、Pillow 和 "
              "six）：只导入不会出错，一用就会失败。layers.py 只需要 numpy：请用 numpy 写这一部分（绘图和调试工具应放在 "
              "notebook 里）。"},
    "pattern_eps_twice": {
        "en": "Your {function} normalises with eps added twice (its variance behaves as var + 2 * eps): add eps "
              "once, inside the square root, np.sqrt(var + eps).",
        "zh": "你的 {function} 归一化时把 eps 加了两次（方差相当于 var + 2 * eps）：eps 只加一次，放在平方根之内，"
              "即 np.sqrt(var + eps)。"},
    "pattern_eps_missing": {
        "en": "Your {function} normalises without eps (np.sqrt(var)): divide by np.sqrt(var + eps).",
        "zh": "你的 {function} 归一化时没有 eps（np.sqrt(var)）：请除以 np.sqrt(var + eps)。"},
    "pattern_beta_inside": {
        "en": "Your {function} adds beta before it normalises and scales: its output is (x - mean + beta) / std * "
              "gamma, so beta is divided by std and multiplied by gamma too. Normalise first and add beta last: "
              "gamma * (x - mean) / std + beta.",
        "zh": "你的 {function} 在归一化和缩放之前就加上了 beta：它的输出是 (x - mean + beta) / std * gamma，于是 beta "
              "也被 std 除、被 gamma 乘了。应先归一化，最后再加 beta：gamma * (x - mean) / std + beta。"},
    "pattern_eps_not_read": {
        "en": "Your {function} normalises with eps = 1e-5 whatever eps the parameter dict holds (this case passes "
              "eps = {eps}): read it from the dict, eps = bn_param.get('eps', 1e-5) (or ln_param, gn_param), with "
              "the key spelt 'eps'.",
        "zh": "无论参数字典里的 eps 是多少，你的 {function} 都用 eps = 1e-5 归一化（该用例传入的是 eps = {eps}）："
              "请从字典中读取，eps = bn_param.get('eps', 1e-5)（或 ln_param、gn_param），键名要写成 'eps'。"},
    "pattern_dgamma_eps_missing": {
        "en": "Your {function}'s dgamma is made with an x_hat without eps ((x - mean) / np.sqrt(var)), whether "
              "the backward computes it again or reads it from the cache: dgamma needs the x_hat the output was "
              "made of, with np.sqrt(var + eps) in its denominator.",
        "zh": "你的 {function} 计算 dgamma 时用的 x_hat 不含 eps（(x - mean) / np.sqrt(var)），不论它是反向传播里重新"
              "算的，还是从 cache 里读出的：dgamma 需要的是构成输出的那个 x_hat，其分母为 np.sqrt(var + eps)。"},
    # learnK: RobinsoGarcia/cs231n-Spring2017's alt made dx too with its x_hat without eps (told dgamma's alone)
    "pattern_dx_dgamma_eps_missing": {
        "en": "Your {function} makes dgamma and dx with an x_hat without eps ((x - mean) / np.sqrt(var)), whether "
              "it computes it again or reads it from the cache: its dx is what the formula gives with that x_hat in "
              "it (its 1 / np.sqrt(var + eps) has eps, its x_hat has not). Both need the x_hat the output was made "
              "of, with np.sqrt(var + eps) in its denominator.",
        "zh": "你的 {function} 计算 dgamma 和 dx 时用的 x_hat 都不含 eps（(x - mean) / np.sqrt(var)），不论它是重新"
              "算的，还是从 cache 里读出的：你的 dx 正是把这个 x_hat 代入公式所得（其中 1 / np.sqrt(var + eps) 含 "
              "eps，x_hat 却不含）。两者需要的都是构成输出的那个 x_hat，其分母为 np.sqrt(var + eps)。"},
    "pattern_sbn_per_sample": {
        "en": "Your {function} normalises each sample on its own (a mean and variance per sample and channel, over "
              "H and W: instance norm), which is right only when N = 1: spatial batch norm takes each channel's over "
              "N, H and W together (x.transpose(0, 2, 3, 1).reshape(-1, C), then batch norm).",
        "zh": "你的 {function} 对每个样本单独归一化（每个样本、每个通道在 H 和 W 上计算均值和方差，即实例归一化），"
              "只在 N = 1 时才正确：空间批归一化对每个通道在 N、H、W 上一起计算（x.transpose(0, 2, 3, 1)."
              "reshape(-1, C)，再做批归一化）。"},
    # issue 19, third round: several mistakes in one function, each heard
    "dropout_mask_per_sample": {
        "en": "The mask has one value per sample: each row of x is kept or dropped as a whole. Dropout keeps or "
              "drops every unit on its own: draw one value per element, np.random.rand(*x.shape) < p.",
        "zh": "掩码对每个样本只有一个值：x 的每一行被整体保留或整体丢弃。dropout 要对每个单元单独决定保留还是丢弃："
              "请为每个元素各生成一个值，即 np.random.rand(*x.shape) < p。"},
    "dropout_mask_per_feature": {
        "en": "The mask has one value per feature, shared by every sample: a column of x is kept or dropped in the "
              "whole batch alike. Dropout keeps or drops every unit of every sample on its own: draw one value per "
              "element, np.random.rand(*x.shape) < p.",
        "zh": "掩码对每个特征只有一个值，并被所有样本共用：x 的一整列在整个批次中被一起保留或一起丢弃。dropout 要对每个样本"
              "的每个单元单独决定：请为每个元素各生成一个值，即 np.random.rand(*x.shape) < p。"},
    "src_eps_key": {
        "en": "eps is read from the parameter dict with another key than 'eps', so its default is used whatever the "
              "dict holds: eps = bn_param.get('eps', 1e-5) (or ln_param, gn_param).",
        "zh": "eps 是用 'eps' 以外的键从参数字典中读取的，因此无论字典里是什么，用的都是默认值：eps = "
              "bn_param.get('eps', 1e-5)（或 ln_param、gn_param）。"},
    "pattern_test_minus_beta": {
        "en": "In test mode your {function} subtracts beta (gamma * x_hat - beta): the shift is added, gamma * x_hat "
              "+ beta, as in train mode.",
        "zh": "测试模式下你的 {function} 减去了 beta（gamma * x_hat - beta）：应像训练模式一样加上平移，即 "
              "gamma * x_hat + beta。"},
    # held-out set R (wuwowuyi): test mode scaled by gamma but never shifted (grader.layer_patterns.test_affine_hint)
    "pattern_test_without_beta": {
        "en": "In test mode your {function} multiplies the normalised x by gamma but never adds beta: shift it as in "
              "train mode, gamma * x_hat + beta.",
        "zh": "测试模式下你的 {function} 把归一化后的 x 乘以了 gamma，却没有加上 beta：请像训练模式一样平移，即 "
              "gamma * x_hat + beta。"},
    "pattern_test_without_gamma_beta": {
        "en": "In test mode your {function} returns (x - running_mean) / np.sqrt(running_var + eps) without gamma "
              "and beta: scale and shift it as in train mode, gamma * x_hat + beta.",
        "zh": "测试模式下你的 {function} 返回的是 (x - running_mean) / np.sqrt(running_var + eps)，没有乘 gamma、"
              "加 beta：请像训练模式一样缩放和平移，即 gamma * x_hat + beta。"},
    "pattern_affine_other_channels": {
        "en": "Your {function} normalises right, but gamma and beta meet values of other channels than their own: "
              "they are applied through a flat view such as x_hat.reshape(N * H * W, C) with no transpose first, "
              "which mixes channels and positions. Scale and shift in x_hat's own (N, C, H, W) layout, by gamma and "
              "beta of shape (1, C, 1, 1) (or move the channels last with transpose(0, 2, 3, 1) before reshaping, "
              "and back after).",
        "zh": "你的 {function} 的归一化是对的，但 gamma 和 beta 乘加到了其他通道的值上，而不是自己通道的：它们是通过一个"
              "平铺的视图施加的，例如没有先转置就 x_hat.reshape(N * H * W, C)，这会把通道和位置混在一起。请在 x_hat "
              "本身的 (N, C, H, W) 布局中缩放和平移，gamma 和 beta 的形状为 (1, C, 1, 1)（或者先用 transpose(0, 2, 3, 1) "
              "把通道移到最后再 reshape，算完再移回来）。"},
    "pattern_running_var_with_eps": {
        "en": "Your {function}'s running_var is fed var + eps (eps added to the variance itself): the running "
              "average takes the batch's variance itself (momentum times the old running_var, plus 1 - momentum "
              "times var); eps goes only inside the square root, np.sqrt(var + eps).",
        "zh": "你的 {function} 把 var + eps（把 eps 加进了方差本身）送进了 running_var：滑动平均应使用批次方差本身"
              "（momentum 乘以旧的 running_var，加上 1 - momentum 乘以 var）；eps 只放在平方根之内，即 np.sqrt(var + eps)。"},
    "pattern_sbn_reshape_without_transpose": {
        "en": "Your {function} flattens x with x.reshape(-1, C) without moving the channels last: each column is "
              "then a mix of channels and positions. Transpose first, x.transpose(0, 2, 3, 1).reshape(-1, C), and "
              "undo both on the way back, out.reshape(N, H, W, C).transpose(0, 3, 1, 2).",
        "zh": "你的 {function} 没有先把通道移到最后就用 x.reshape(-1, C) 展平了 x：这样每一列混杂了不同的通道和位置。"
              "请先转置，x.transpose(0, 2, 3, 1).reshape(-1, C)，还原时两步都要撤销，即 "
              "out.reshape(N, H, W, C).transpose(0, 3, 1, 2)。"},
    "rule_norm_axis_out_of_bounds": {
        "en": "This line sums (or takes a mean) over an axis the array does not have: the array here has been "
              "reshaped (to 2-D, say) while the axis is the one of another shape (the 4-D x's). Take the axes of "
              "the array as it is on this line, or reshape it back first.",
        "zh": "这一行在数组并不存在的轴上求和（或求均值）：这里的数组已经被重塑（比如变成了二维），而这个轴是另一个形状"
              "（四维 x）的轴。请按这一行上数组的实际形状选择轴，或者先把它重塑回去。"},
    "pattern_test_without_sqrt": {
        "en": "In test mode your {function} divides by running_var + eps, without the square root: normalise with "
              "np.sqrt(running_var + eps), as in train mode.",
        "zh": "测试模式下你的 {function} 除以的是 running_var + eps，缺少平方根：应像训练模式一样除以 "
              "np.sqrt(running_var + eps)。"},
    "pattern_test_without_sqrt_no_eps": {
        "en": "In test mode your {function} divides by running_var, without the square root: normalise with "
              "np.sqrt(running_var + eps), as in train mode.",
        "zh": "测试模式下你的 {function} 除以的是 running_var，缺少平方根：应像训练模式一样除以 "
              "np.sqrt(running_var + eps)。"},
    "pattern_test_batch_stats": {
        "en": "In test mode your {function} normalises with the batch's own mean and variance: at test time use "
              "bn_param's running_mean and running_var (is the test branch missing, or does it run the train code?).",
        "zh": "测试模式下你的 {function} 用的是批次自身的均值和方差：测试时应使用 bn_param 中的 running_mean 和 "
              "running_var（是缺少测试分支，还是测试时运行了训练的代码？）。"},
    "pattern_test_unbiased_running_var": {
        "en": "In test mode your {function} scales running_var by M / (M - 1) (M the batch's number of values per "
              "feature) before normalising, as if to make it unbiased: use running_var as it is, "
              "np.sqrt(running_var + eps); the running average is already the variance test mode needs.",
        "zh": "测试模式下你的 {function} 在归一化之前把 running_var 乘以了 M / (M - 1)（M 是批次中每个特征的数值个数），"
              "像是要把它变成无偏估计：应直接使用 running_var，即 np.sqrt(running_var + eps)；滑动平均本身就是测试模式"
              "所需的方差。"},
    "pattern_test_updates_running": {
        "en": "In test mode your {function} first updates the running averages with the test batch's own mean and "
              "variance (momentum * running_mean + (1 - momentum) * mean) and then normalises with them: test mode "
              "only reads bn_param's running_mean and running_var, as they are; update them in the train branch alone "
              "(is the update placed before the mode branch?).",
        "zh": "测试模式下你的 {function} 先用测试批次自身的均值和方差更新了滑动平均（momentum * running_mean + "
              "(1 - momentum) * mean），再用它们归一化：测试模式只应原样读取 bn_param 中的 running_mean 和 running_var；"
              "请只在训练分支里更新它们（更新的代码是不是放在了模式分支之前？）。"},
    "pattern_train_uses_running": {
        "en": "In train mode your {function} normalises x with the running averages it has just updated (the "
              "running_mean and running_var it returns), where train mode normalises with the batch's own mean and "
              "variance: the running averages are only kept for test mode.",
        "zh": "在训练模式下，你的 {function} 用刚更新过的滑动平均（它返回的 running_mean 和 running_var）来归一化 x，"
              "而训练模式应当用本批次自己的均值和方差：滑动平均只留给测试模式使用。"},
    "pattern_running_updated_twice": {
        "en": "Your {function} updates the running averages twice per call (running_mean comes out as momentum ** 2 "
              "* running_mean + (1 - momentum ** 2) * mean): update each once, running_mean = momentum * "
              "running_mean + (1 - momentum) * mean, and the same for running_var with the batch's variance.",
        "zh": "你的 {function} 每次调用把滑动平均更新了两次（running_mean 变成了 momentum ** 2 * running_mean + "
              "(1 - momentum ** 2) * mean）：每个只更新一次，running_mean = momentum * running_mean + "
              "(1 - momentum) * mean，running_var 同理，使用批次方差。"},
    "pattern_running_batch_not_added": {
        "en": "Your {function}'s running averages are only multiplied by momentum: the batch's share is missing, "
              "running_mean = momentum * running_mean + (1 - momentum) * mean (and the same for running_var).",
        "zh": "你的 {function} 的滑动平均只乘了 momentum：缺少批次的那一部分，应为 running_mean = momentum * "
              "running_mean + (1 - momentum) * mean（running_var 同理）。"},
    "pattern_norm_backward_variance_path": {
        "en": "Your {function}'s dx sums to zero over each mean's values, so the path through the mean is there; "
              "it is wrong elsewhere: in the variance's path (d var = -0.5 * sum(dx_hat * (x - mean)) * (var + eps) "
              "** -1.5: eps belongs in every power of var + eps, -1 / (var + eps) where 1 / std is differentiated) "
              "or in the gradient reaching x_hat (dout times gamma).",
        "zh": "你的 {function} 的 dx 在每个均值所覆盖的值上求和为零，说明经过均值的路径没有问题；错误在别处：在方差的路径上"
              "（d var = -0.5 * sum(dx_hat * (x - mean)) * (var + eps) ** -1.5：var + eps 的每个幂里都要有 eps，"
              "对 1 / std 求导得 -1 / (var + eps)），或者在传到 x_hat 的梯度（dout 乘以 gamma）上。"},
    "diag_not_run_after": {
        "en": "{function} stopped at this line wherever it failed, so what follows it has not been checked yet: "
              "there may be more to fix once it runs.",
        "zh": "{function} 在每个出错的用例上都停在了这一行，因此它之后的代码还没有被检查：能运行之后可能还有别的问题要改。"},
    "src_sum_without_axis": {
        "en": "A sum without axis adds up every element into one number: dgamma and dbeta hold one value per "
              "feature (a sum over the batch, axis=0), and each sum inside dx runs over the values one mean covers "
              "(axis=0 in batch norm, axis=1 with keepdims=True in layer norm).",
        "zh": "不带 axis 的求和会把所有元素加成一个数：dgamma 和 dbeta 每个特征一个值（在批次上求和，axis=0），而 dx "
              "中的每个求和都只在一个均值所覆盖的那些值上进行（批归一化为 axis=0，层归一化为 axis=1 并带 "
              "keepdims=True）。"},
    # a naive exercise that calls the fast layers (grader.fastcheck)
    "fast_layers_why": {
        "en": "the naive exercise is to write the loops yourself, so this function earns no points",
        "zh": "朴素版本的练习要求你自己写循环，因此该函数不得分"},
    "fast_layers": {
        "en": "{function} calls the fast layer{s} {names} (line {line}): the naive exercise is to write the "
              "loops yourself, so this function earns no points. Use the fast layers only where the notebook says "
              "so.",
        "zh": "{function} 调用了快速层 {names}（第 {line} 行）：朴素版本的练习要求你自己写循环，因此该函数不得分。只在 notebook 明确允许的地方使用快速层。"},
    # What a student's exception means (grader.exception_rules.RULES: the key is rule_ and the rule's name)
    "rule_none_astype": {
        "en": "out is still None when it reaches out.astype(...): the TODO block above it has not assigned out yet "
              "(in every mode, train and test).",
        "zh": "执行到 out.astype(...) 时 out 仍是 None：上面的 TODO 部分还没有给 out "
              "赋值（训练和测试两种模式都要赋值）。"},
    "rule_dropout_mask_shape": {
        "en": "The mask's shape is not x's: dropout takes x of any shape (the docstring: \"x: Input data, of any "
              "shape\"), and 4-D x is graded too. Draw the mask with np.random.rand(*x.shape) < p.",
        "zh": "掩码的形状与 x 不同：dropout 的输入 x 可以是任意形状（文档字符串：“x: Input data, of "
              "any shape”），评分也用四维的 x。请用 np.random.rand(*x.shape) < p 生成掩码。"},
    "rule_norm_broadcast": {
        "en": "Two arrays whose shapes do not broadcast meet on this line. The statistics are per feature (D,) in "
              "batch norm, per sample (N, 1) in layer norm (keepdims=True), per sample and group (N, G, 1, 1, "
              "1) in group norm, applied to x.reshape(N, G, C // G, H, W), not to x; gamma and beta are (D,), "
              "or (1, C, 1, 1) in group norm (some years' docstrings say (C,): gamma.reshape(1, C, 1, 1) "
              "handles both). Check the axes of each mean and sum, and keep their dims where they broadcast "
              "back.",
        "zh": "这一行上两个数组的形状无法广播。统计量在批归一化中按特征，形状 (D,)；在层归一化中按样本，形状 (N, "
              "1)（keepdims=True）；在组归一化中按样本和组，形状 (N, G, 1, 1, 1)，作用于 x.reshape(N, G, C // G, H, W) 而不是 x；gamma "
              "和 beta 的形状是 (D,)，组归一化中是 (1, C, 1, 1)（有些年份的文档写作 (C,)：gamma.reshape(1, C, 1, 1) "
              "两种都能处理）。请检查每个均值和求和所用的轴，需要广播回去的地方保留维度。"},
    # the sweep's group norms: a mean, variance or sum with an axis and no keepdims=True, met by an array whose
    # reduced axes it no longer has
    "bc_keepdims_dropped": {
        "en": "`{call}` drops the axes it reduces: its result, of shape {small}, has {count} axes fewer than the "
              "array of shape {big} it meets here, and NumPy lines up the last axes, so the two do not broadcast. "
              "Keep the reduced axes, `{fixed}`, so that each statistic stays beside the values it was taken over.",
        "zh": "`{call}` 把它归约的轴去掉了：结果的形状是 {small}，比在这里遇到的形状为 {big} 的数组少 {count} 个轴，而 "
              "NumPy 从最后的轴开始对齐，所以二者无法广播。请保留被归约的轴，`{fixed}`，让每个统计量仍然对着它所统计的"
              "那些值。"},
    "bc_keepdims_dropped_too": {
        "en": "`{call}` drops them too: `{fixed}`.",
        "zh": "`{call}` 同样去掉了这些轴：应写成 `{fixed}`。"},
    "rule_rand_shape_tuple": {
        "en": "np.random.rand (and randn) takes each size as an argument of its own, not the shape as one tuple: "
              "np.random.rand(*x.shape), with the star (np.random.random(x.shape) is the one that takes the tuple).",
        "zh": "np.random.rand（以及 randn）要把每个维度的大小作为单独的参数传入，而不是把形状作为一个元组传入："
              "np.random.rand(*x.shape)，要带星号（接受元组的是 np.random.random(x.shape)）。"},
    "rule_norm_reshape": {
        "en": "A reshape does not fit the array's size: check the shape you reshape to (x.reshape(N, G, C // G, H, "
              "W) for group norm; the group statistics have N * G elements, not N * C) and that a squeeze() or "
              "a sum has not dropped an axis of size 1 (G = 1, N = 1) before it.",
        "zh": "reshape 的目标形状与数组大小不符：请检查目标形状（组归一化为 x.reshape(N, G, C // G, "
              "H, W)；组统计量有 N * G 个元素，不是 N * C 个），以及之前是否有 squeeze() 或求和丢掉了长度为 1 的轴（G = 1、N = 1 时）。"},
    "rule_norm_cache_unpacking": {
        "en": "The backward unpacks the cache differently from what your forward stores: unpack exactly the items "
              "your forward puts into cache, in the same order (its cache is your own choice; the two must "
              "agree).",
        "zh": "反向传播解包 cache 的方式与你的前向传播存放的内容不符：请按前向传播放入 cache "
              "的内容和顺序原样解包（cache 的内容由你决定，但前后两者必须一致）。"},
    "rule_norm_param_keys": {
        "en": "A key of the parameter dict is missing or misspelt: bn_param holds 'mode' and may lack 'eps', "
              "'momentum', 'running_mean' and 'running_var' (read them with bn_param.get('eps', 1e-5), as the "
              "given code does); dropout_param holds 'p' and 'mode', and 'seed' only sometimes; ln_param and "
              "gn_param hold 'eps'.",
        "zh": "参数字典中的键缺失或拼错：bn_param 一定有 'mode'，但可能没有 "
              "'eps'、'momentum'、'running_mean'、'running_var'（请像给定代码那样用 bn_param.get('eps', 1e-5) "
              "读取）；dropout_param 有 'p' 和 'mode'，'seed' 只是有时才有；ln_param 和 gn_param 有 'eps'。"},
    "rule_pad_slice_at_pad_0": {
        "en": "The slice pad:-pad is empty when pad = 0 (-0 is 0, so x_pad[:, :, 0:0] has no rows) and the "
              "assignment cannot broadcast. Use np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))), or slice "
              "pad:pad + H, pad:pad + W.",
        "zh": "当 pad = 0 时切片 pad:-pad 是空的（-0 就是 0，x_pad[:, :, 0:0] "
              "没有任何行），赋值无法广播。请用 np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))，或切片 pad:pad + H、pad:pad + "
              "W。"},
    "rule_xrange": {
        "en": "xrange is Python 2: in Python 3 write range (it is lazy too).",
        "zh": "xrange 是 Python 2 的写法：Python 3 中请用 range（它同样是惰性的）。"},
    "rule_float_size": {
        "en": "A size or an index is a float: in Python 3, / always gives a float, even for 8 / 2. Compute H' and "
              "W' (and every index) with // or int(...).",
        "zh": "尺寸或下标是浮点数：在 Python 3 中 / 总是得到浮点数（即使是 8 / 2）。请用 // 或 "
              "int(...) 计算 H'、W' 和所有下标。"},
    "rule_numpy_alias": {
        "en": "np.int, np.float, np.bool and np.object were removed from NumPy (1.24): write int, float, bool, "
              "object, or np.int64 / np.float64 / np.bool_ for a dtype.",
        "zh": "NumPy 1.24 起删除了 np.int、np.float、np.bool、np.object：请写 "
              "int、float、bool、object，作为 dtype 时用 np.int64 / np.float64 / np.bool_。"},
    "rule_np_lib_pad": {
        "en": "np.lib.pad is gone from NumPy 2: call np.pad with the same arguments.",
        "zh": "NumPy 2 中已没有 np.lib.pad：请用参数相同的 np.pad。"},
    "rule_unravel_shape": {
        "en": "np.unravel_index is given the wrong shape: unravel the argmax with the window's own shape "
              "(pool_height, pool_width), i.e. window.shape, not (pool_height, pool_height).",
        "zh": "np.unravel_index 用错了形状：请用窗口自己的形状 (pool_height, "
              "pool_width)（即 window.shape）展开 argmax，而不是 (pool_height, pool_height)。"},
    "rule_window_shape": {
        "en": "A window you cut has not the kernel's shape (HH, WW): check that the slice runs over the padded "
              "input (x_pad, not x), that the width uses WW and j * stride, and the height HH and i * stride.",
        "zh": "你切出的窗口形状不是卷积核的 (HH, WW)：请检查切片是否取自填充后的输入（x_pad 而不是 x），宽度是否用 "
              "WW 和 j * stride，高度是否用 HH 和 i * stride。"},
    "rule_np_pad_width": {
        "en": "np.pad needs one (before, after) pair per axis of x: for (N, C, H, W) that is ((0, 0), (0, 0), "
              "(pad, pad), (pad, pad)); only H and W are padded.",
        "zh": "np.pad 需要为 x 的每个轴给出一对 (前, 后)：对 (N, C, H, W) 来说是 ((0, 0), "
              "(0, 0), (pad, pad), (pad, pad))；只填充 H 和 W。"},
    "rule_array_to_scalar": {
        "en": "int() or float() of an array: NumPy 2 converts only 0-dimensional arrays. np.where gives arrays "
              "(take [0]); to find a window's maximum use np.unravel_index(np.argmax(window), window.shape).",
        "zh": "对数组调用了 int() 或 float()：NumPy 2 只转换 0 维数组。np.where 返回的是数组（请取 "
              "[0]）；要找窗口的最大值位置，请用 np.unravel_index(np.argmax(window), window.shape)。"},
    "rule_array_into_element": {
        "en": "You store an array into one element (a[i] = v, where v has a shape such as (1,) or (1, 1)): NumPy 1 "
              "took that, NumPy 2, which the grader runs, refuses it. If v holds one number, store v.item() (or "
              "reduce it to a scalar: np.sum(...) without keepdims); if it holds more, it belongs in a slice.",
        "zh": "你把一个数组存进了数组的单个元素（a[i] = v，而 v 的形状是 (1,) 或 (1, 1) 之类）：NumPy 1 接受这种写法，"
              "评分程序使用的 NumPy 2 会拒绝。如果 v 只有一个数，请存 v.item()（或把它约简成标量：不带 keepdims 的 "
              "np.sum(...)）；如果不止一个数，它应当存进一个切片。"},
    "rule_python2_iteritems": {
        "en": "dict.iteritems / has_key are Python 2: use items() and `key in d`.",
        "zh": "dict.iteritems / has_key 是 Python 2 的写法：请用 items() 和 `key "
              "in d`。"},
    "rule_empty_window": {
        "en": "A window you cut is empty: it starts past the edge of the input. Check the number of windows (H' = "
              "1 + (H + 2 * pad - HH) // stride for the conv, 1 + (H - pool_height) // stride for pooling; "
              "likewise W') and that window (i, j) starts at (i * stride, j * stride).",
        "zh": "你切出的窗口是空的：它的起点超出了输入的边界。请检查窗口的个数（卷积为 H' = 1 + (H + 2 * pad - "
              "HH) // stride，池化为 1 + (H - pool_height) // stride；W' 同理），以及第 (i, j) 个窗口是否从 (i * stride, j * "
              "stride) 开始。"},
    "rule_numpy_private_module": {
        "en": "Your code imports a module of NumPy's own insides (numpy.lib.arraypad, say) that NumPy 2.0 made "
              "private or removed: the grader runs NumPy 2, whatever an older notebook ran. Import the function from "
              "numpy itself (np.pad, np.lib.stride_tricks.as_strided).",
        "zh": "你的代码导入了 NumPy 内部的模块（例如 numpy.lib.arraypad），NumPy 2.0 已把它改为私有或删除：评分程序使用的是 "
              "NumPy 2，与旧版 notebook 所用的版本无关。请直接从 numpy 导入该函数（np.pad、np.lib.stride_tricks.as_strided）。"},
    "rule_missing_module": {
        "en": "Your code uses a module this kit does not have (CS231n's cs231n.* package and its im2col helpers "
              "are not part of it; importing it alone costs nothing): the package here is assignment/, and the naive "
              "layers need only numpy. Write this part with numpy, or import from the package relatively (`from "
              ".fast_layers import ...`).",
        "zh": "你的代码用到了本作业中不存在的模块（CS231n 的 cs231n.* 包及其 im2col 辅助函数不在其中；只导入不会出错）："
              "这里的包是 assignment/，朴素实现只需要 numpy。请用 numpy 写这一部分，或用相对导入（`from .fast_layers "
              "import ...`）。"},
    "rule_cache_none": {
        "en": "The cache this backward unpacks is None: the forward that made it returned cache = None (the starter's "
              "placeholder left as it is, or the line that fills it skipped on this branch). In the forward, store in "
              "cache the values this backward unpacks (its out can be right while its cache is not).",
        "zh": "这个反向传播解包的 cache 是 None：生成它的前向传播返回了 cache = None（模板里的占位没有改，或者在这个分支上"
              "跳过了给它赋值的那一行）。请在前向传播中把这个反向传播要解包的值存进 cache（它的 out 可以是对的，而 cache "
              "却不对）。"},
    "rule_param_keys": {
        "en": "A key of the parameter dict is misspelt: conv_param holds 'stride' and 'pad'; pool_param holds "
              "'pool_height', 'pool_width' and 'stride' (CS231n's keys, spelt exactly so).",
        "zh": "参数字典的键写错了：conv_param 的键是 'stride' 和 'pad'；pool_param 的键是 "
              "'pool_height'、'pool_width' 和 'stride'（与 CS231n 完全一致）。"},
    "rule_cache_unpacking": {
        "en": "The backward unpacks the cache differently from what it holds: keep the documented cache ((x, w, b, "
              "conv_param) for the conv, (x, pool_param) for pooling), or unpack what your forward stores.",
        "zh": "反向传播解包 cache 的方式与其内容不符：请保持文档规定的 cache（卷积为 (x, w, b, "
              "conv_param)，池化为 (x, pool_param)），或按你的前向传播存放的内容解包。"},
    # The catalog of known mistakes (grader.instructor.mistakes.CATALOG: mistake_ and the mistake's name)
    "mistake_perceptron_strict_boundary": {
        "en": "An example exactly on the hyperplane (score 0) is a mistake too: test y * (w . x + b) <= 0, not < 0. "
              "Otherwise training from w = 0, b = 0 never moves.",
        "zh": "正好落在超平面上（得分为 0）的样本也算分错：要判断 y * (w . x + b) <= 0，而不是 < 0。"
              "否则从 w = 0、b = 0 开始训练时，参数永远不会改变。"},
    "mistake_perceptron_without_label": {
        "en": "The step always adds x: it must move towards the example's own side, w + lr * y * x and b + lr * y "
              "(subtract x when y = -1).",
        "zh": "这一步总是加上 x：应该朝样本自己的一侧移动，即 w + lr * y * x、b + lr * y（y = -1 时要减去 x）。"},
    "mistake_top_k_lowest_scores": {
        "en": "The guesses are the k lowest scores: np.argsort sorts in increasing order, so take the last k "
              "columns (or sort -scores).",
        "zh": "猜测取成了得分最低的 k 个类别：np.argsort 按从小到大排序，要取最后 k 列（或者对 -scores "
              "排序）。"},
    "mistake_top_k_count_not_share": {
        "en": "The result is the number of rows whose label is among the top k: the accuracy is that number "
              "divided by N, a share between 0 and 1.",
        "zh": "结果是标签落在前 k 个里的行数：准确率要再除以 N，是 0 到 1 之间的比例。"},
    "mistake_forgotten_bias": {
        "en": "The output is off by exactly the bias: add b[f] to every output of filter f.",
        "zh": "输出恰好差了偏置：请对第 f 个滤波器的每个输出加上 b[f]。"},
    "mistake_flipped_kernel": {
        "en": "Your output is a true convolution with the kernel flipped; CNN layers compute a cross-correlation: "
              "use w[f] as it is.",
        "zh": "你的输出相当于翻转卷积核后的卷积；CNN 的卷积层计算的是互相关：请直接使用 w[f]，不要翻转。"},
    "mistake_window_ignores_stride": {
        "en": "The windows move one pixel at a time whatever the stride: window (i, j) starts at row i * stride, "
              "column j * stride.",
        "zh": "无论步长多少，窗口都只移动一个像素：第 (i, j) 个窗口应从第 i * stride 行、第 j * stride "
              "列开始。"},
    "mistake_height_for_width": {
        "en": "With rectangular kernels the output width is wrong: W' = 1 + (W + 2 * pad - WW) / stride uses the "
              "filter's width WW, not its height HH.",
        "zh": "卷积核不是正方形时输出宽度错误：W' = 1 + (W + 2 * pad - WW) / stride "
              "应使用滤波器宽度 WW，而不是高度 HH。"},
    "mistake_first_channel_only": {
        "en": "Only the first input channel is used: a filter spans all C channels, sum over them too.",
        "zh": "只用了第一个输入通道：每个滤波器覆盖全部 C 个通道，也要对通道求和。"},
    "mistake_padding_on_one_side": {
        "en": "The padding is all on the top/left: pad `pad` zeros on each side (np.pad with (pad, pad)).",
        "zh": "填充全在上方/左侧：应在每一侧各填充 pad 个零（np.pad 使用 (pad, pad)）。"},
    "mistake_output_width_from_height": {
        "en": "The output width is computed from the input height: W' = 1 + (W + 2 * pad - WW) / stride uses W. "
              "Square inputs hide this; the course's inputs are not all square.",
        "zh": "输出宽度用输入高度算了：W' = 1 + (W + 2 * pad - WW) / stride 中应使用 "
              "W。正方形输入会掩盖这个错误，而课程的输入并不都是正方形。"},
    "mistake_pad_slice_and_stride_ignored": {
        "en": "Two mistakes: the slice pad:-pad is empty when pad = 0 (use np.pad or pad:pad + H), and the windows "
              "move one pixel at a time whatever the stride (window (i, j) starts at i * stride, j * stride).",
        "zh": "两个错误：pad = 0 时切片 pad:-pad 是空的（请用 np.pad 或 pad:pad + "
              "H）；并且无论步长多少窗口都只移动一个像素（第 (i, j) 个窗口从 i * stride、j * stride 开始）。"},
    "mistake_pad_minus_pad_slice": {
        "en": "dx is empty when pad = 0: x_pad[:, :, pad:-pad] is x_pad[:, :, 0:0] then. Use pad:pad + H instead.",
        "zh": "当 pad = 0 时 dx 为空：此时 x_pad[:, :, pad:-pad] 等于 x_pad[:, :, "
              "0:0]。请改用 pad:pad + H。"},
    "mistake_db_from_one_sample": {
        "en": "db is the sum over the first sample only: sum dout over the batch too (axes 0, 2 and 3).",
        "zh": "db 只对第一个样本求和：还要对整个批次求和（轴 0、2、3）。"},
    "mistake_db_mean": {
        "en": "db is averaged: the bias is added to every output, so its gradient is the sum of dout, not the mean.",
        "zh": "db 取了平均：偏置加到了每个输出上，其梯度应是 dout 的和而不是均值。"},
    "mistake_dx_assign_not_accumulate": {
        "en": "Where windows overlap (and over filters) the contributions to dx must add up: use += not =.",
        "zh": "窗口重叠（以及多个滤波器）时对 dx 的贡献要累加：请用 += 而不是 =。"},
    "mistake_dw_assign_not_accumulate": {
        "en": "dw keeps only the last window's contribution: accumulate over every sample and position with +=.",
        "zh": "dw 只保留了最后一个窗口的贡献：请用 += 对所有样本和位置累加。"},
    "mistake_backward_ignores_stride": {
        "en": "The backward pass places windows one pixel apart whatever the stride: use i * stride, j * stride.",
        "zh": "反向传播中窗口位置没有考虑步长：请使用 i * stride、j * stride。"},
    "mistake_dx_pad_slice_and_assign": {
        "en": "Two mistakes in dx: it is empty when pad = 0 (pad:-pad is 0:0 then; slice pad:pad + H), and where "
              "windows overlap their contributions must add up (+=, not =).",
        "zh": "dx 有两个错误：pad = 0 时它是空的（此时 pad:-pad 即 0:0；请切片 pad:pad + "
              "H）；窗口重叠处的贡献要累加（用 += 而不是 =）。"},
    "mistake_pool_window_ignores_stride": {
        "en": "The pooling windows move one pixel at a time: window (i, j) starts at (i * stride, j * stride).",
        "zh": "池化窗口每次只移动一个像素：第 (i, j) 个窗口应从 (i * stride, j * stride) 开始。"},
    "mistake_pool_height_for_width": {
        "en": "With rectangular windows the width uses pool_height: the window is pool_height x pool_width.",
        "zh": "窗口不是正方形时出错：宽度用了 pool_height，窗口应为 pool_height x pool_width。"},
    "mistake_mean_instead_of_max": {
        "en": "The output is the mean of each window: max pooling keeps the maximum.",
        "zh": "输出是每个窗口的均值：最大池化应取最大值。"},
    "mistake_max_across_channels": {
        "en": "The maximum is taken across channels too: pool each channel on its own (axes 2 and 3 only).",
        "zh": "最大值也跨通道取了：每个通道应单独池化（只在轴 2、3 上取最大值）。"},
    "mistake_pool_stride_is_pool_size": {
        "en": "The windows step by the pool size instead of the stride: right only when the stride equals the pool "
              "size. Window (i, j) starts at (i * stride, j * stride).",
        "zh": "窗口按池化尺寸而不是步长移动：只有步长等于池化尺寸时才对。第 (i, j) 个窗口应从 (i * stride, j "
              "* stride) 开始。"},
    "mistake_pool_output_width_from_height": {
        "en": "The output width is computed from the input height: W' = 1 + (W - pool_width) / stride uses W. "
              "Square inputs hide this.",
        "zh": "输出宽度用输入高度算了：W' = 1 + (W - pool_width) / stride 中应使用 "
              "W。正方形输入会掩盖这个错误。"},
    "mistake_pool_stride_is_pool_and_height_for_width": {
        "en": "Two mistakes: the windows step by the pool size instead of the stride, and the window's width uses "
              "pool_height. Window (i, j) is x[:, :, i * stride:i * stride + pool_height, j * stride:j * "
              "stride + pool_width].",
        "zh": "两个错误：窗口按池化尺寸而不是步长移动，并且窗口宽度用了 pool_height。第 (i, j) 个窗口是 x[:, "
              ":, i * stride:i * stride + pool_height, j * stride:j * stride + pool_width]。"},
    "mistake_pool_assign_not_accumulate": {
        "en": "Where pooling windows overlap, one input can be the maximum of several windows: accumulate with +=, "
              "not =.",
        "zh": "池化窗口重叠时，一个输入可能是多个窗口的最大值：请用 += 累加，而不是 =。"},
    "mistake_gradient_to_whole_window": {
        "en": "The gradient goes to every element of the window: only the maximum receives it.",
        "zh": "梯度传给了窗口中的每个元素：只有最大值所在位置才接收梯度。"},
    "mistake_pool_backward_ignores_stride": {
        "en": "The backward pass places the windows one pixel apart: use i * stride, j * stride as in the forward.",
        "zh": "反向传播中窗口位置没有考虑步长：请像前向一样使用 i * stride、j * stride。"},
    "mistake_argmax_without_offset": {
        "en": "The argmax is a position inside the window: add the window's offset (hs, ws) before writing into dx.",
        "zh": "argmax 是窗口内的位置：写入 dx 前要加上窗口的偏移 (hs, ws)。"},
    "mistake_pool_mask_assign": {
        "en": "The whole window of dx is overwritten (=) with the mask times dout: where windows overlap this "
              "erases what earlier windows put there. Add only at the maximum: dx[..., hs + a, ws + b] += "
              "dout[n, c, i, j].",
        "zh": "dx 的整个窗口被掩码乘 dout 覆盖（=）：窗口重叠时会抹掉之前窗口写入的梯度。请只在最大值处累加：dx[..., "
              "hs + a, ws + b] += dout[n, c, i, j]。"},
    "mistake_pool_backward_stride_is_pool_size": {
        "en": "The backward steps by the pool size instead of the stride: right only when the stride equals the "
              "pool size.",
        "zh": "反向传播按池化尺寸而不是步长移动窗口：只有步长等于池化尺寸时才对。"},
    "mistake_avg_sum_instead_of_mean": {
        "en": "The output is the sum of each window: mean pooling divides by pool_height * pool_width.",
        "zh": "输出是窗口之和：平均池化需要除以 pool_height * pool_width。"},
    "mistake_avg_backward_not_divided": {
        "en": "Each window's gradient is spread without dividing: every element gets dout / (pool_height * "
              "pool_width).",
        "zh": "梯度没有平均分配：窗口中每个元素应得到 dout / (pool_height * pool_width)。"},
    "mistake_affine_forgotten_bias": {
        "en": "The output is off by the bias: add b.",
        "zh": "输出差了偏置：请加上 b。"},
    "mistake_affine_db_one_sample": {
        "en": "db is the first sample's gradient only: sum dout over the batch.",
        "zh": "db 只取了第一个样本：请对批次求和。"},
    "mistake_relu_modifies_input": {
        "en": "The output is right but x is changed in place (x[x < 0] = 0): the caller's x is zeroed too. Build "
              "the output as a new array (np.maximum returns one) and leave x as it was.",
        "zh": "输出正确，但 x 被原地修改了（x[x < 0] = 0）：调用者的 x "
              "也被置零了。请把输出建成一个新数组（np.maximum 会返回新数组），不要改动 x。"},
    "mistake_relu_mask_forgotten": {
        "en": "dx equals dout: the gradient must be zero where x <= 0.",
        "zh": "dx 等于 dout：在 x <= 0 的位置梯度应为 0。"},
    "mistake_sigmoid_derivative": {
        "en": "The sigmoid's derivative is out * (1 - out), not (1 - out).",
        "zh": "sigmoid 的导数是 out * (1 - out)，而不是 (1 - out)。"},
    "mistake_tanh_derivative": {
        "en": "tanh's derivative is 1 - out ** 2.",
        "zh": "tanh 的导数是 1 - out ** 2。"},
    "mistake_softmax_without_shift": {
        "en": "The loss overflows for large scores: subtract each row's maximum before exp (it does not change the "
              "softmax).",
        "zh": "分数很大时溢出：在取 exp 之前先减去每一行的最大值（不改变 softmax 的结果）。"},
    "mistake_softmax_loss_not_averaged": {
        "en": "The loss is summed over the batch: average it over N.",
        "zh": "损失对批次求了和：请对 N 取平均。"},
    "mistake_softmax_dx_not_averaged": {
        "en": "dx is N times too large: divide by N, as the loss is an average.",
        "zh": "dx 大了 N 倍：损失是平均值，请除以 N。"},
    "mistake_momentum_sign": {
        "en": "The velocity climbs the gradient: v = momentum * v - learning_rate * dw.",
        "zh": "速度沿梯度上升了：应为 v = momentum * v - learning_rate * dw。"},
    "mistake_rmsprop_gradient_not_squared": {
        "en": "The cache averages dw, not dw ** 2: RMSProp keeps a moving average of the squared gradient.",
        "zh": "cache 累计的是 dw 而不是 dw ** 2：RMSProp 保存的是梯度平方的滑动平均。"},
    "mistake_adam_without_bias_correction": {
        "en": "The first moment is not bias-corrected: divide m by (1 - beta1 ** t), as for v.",
        "zh": "一阶矩没有做偏差校正：请像 v 一样将 m 除以 (1 - beta1 ** t)。"},
    "mistake_output_size_without_plus_one": {
        "en": "The output size is one short: (N - F + 2P) / S + 1 counts the first position too.",
        "zh": "输出尺寸少了 1：(N - F + 2P) / S + 1 中的 +1 计入了第一个位置。"},
    "mistake_receptive_field_without_jump": {
        "en": "Strides are ignored: after a layer with stride s, one step of the next layer spans s times more "
              "input pixels (j *= s).",
        "zh": "忽略了步长：经过步长为 s 的层后，下一层每移动一步覆盖的输入像素要乘以 s（j *= s）。"},
    "mistake_dropout_without_scaling": {
        "en": "The kept units are not scaled: inverted dropout divides them by p (mask = (rand < p) / p), so that "
              "the expected output equals x and the test-time pass is the identity.",
        "zh": "保留的单元没有缩放：反向（inverted）dropout 要把它们除以 p（mask = (rand < p) / "
              "p），使输出的期望等于 x，测试时才能直接输出 x。"},
    "mistake_dropout_scaled_at_test": {
        "en": "At test time the output is scaled by p (or by 1 - p: at p = 0.5 the two are one output): with "
              "inverted dropout the scaling already happened in training, so the test-time pass returns x unchanged.",
        "zh": "测试时输出乘了 p（或 1 - p：p = 0.5 时二者结果相同）：反向 dropout 在训练时已经做了缩放，测试时应原样返回 x。"},
    "mistake_dropout_mask_redrawn": {
        "en": "The backward pass draws a new mask: use the mask stored in the cache by the forward pass, or the "
              "gradient belongs to a different network.",
        "zh": "反向传播重新生成了掩码：请使用前向传播存在 cache 里的掩码，否则梯度对应的是另一个网络。"},
    "mistake_bn_wrong_axis": {
        "en": "The statistics are taken over the features of each sample: batch norm normalises each feature over "
              "the batch (axis 0).",
        "zh": "统计量是在每个样本的特征上计算的：批归一化应对每个特征在整个批次上（轴 0）归一化。"},
    "mistake_bn_batch_stats_at_test": {
        "en": "In test mode the batch's own statistics are used: normalise with running_mean and running_var, so "
              "that a test output does not depend on the other samples.",
        "zh": "测试模式下用了当前批次的统计量：应使用 running_mean 和 running_var "
              "归一化，测试输出才不依赖于同批其他样本。"},
    "mistake_bn_running_not_updated": {
        "en": "This running average is not updated in train mode: each running average takes momentum times its "
              "old value plus 1 - momentum times the batch's own statistic, running_mean = momentum * running_mean "
              "+ (1 - momentum) * sample_mean (running_var likewise, with sample_var).",
        "zh": "训练模式下这个滑动平均没有被更新：每个滑动平均都取 momentum 乘以它原来的值，加上 1 - momentum "
              "乘以当前批次自己的统计量，即 running_mean = momentum * running_mean + (1 - momentum) * sample_mean"
              "（running_var 同理，用 sample_var）。"},
    "mistake_bn_test_eps_outside_sqrt": {
        "en": "In test mode too, eps belongs inside the square root: (x - running_mean) / "
              "np.sqrt(running_var + eps), not np.sqrt(running_var) + eps (at eps = 1e-5 the two differ only a little: "
              "a few elements, or only the cases with a large eps, show it).",
        "zh": "测试模式下 eps 同样应放在平方根之内：(x - running_mean) / np.sqrt(running_var + eps)，"
              "而不是 np.sqrt(running_var) + eps（eps 为 1e-5 时两者相差很小：只有少数元素或 eps 较大的用例才显出差别）。"},
    "mistake_bn_eps_outside_sqrt": {
        "en": "eps belongs inside the square root, (x - mean) / np.sqrt(var + eps), not np.sqrt(var) + eps (at "
              "eps = 1e-5 the two differ only a little: a few elements, or only the cases with a large eps, show it).",
        "zh": "eps 应放在平方根之内，即 (x - mean) / np.sqrt(var + eps)，而不是 "
              "np.sqrt(var) + eps（eps 为 1e-5 时两者相差很小：只有少数元素或 eps 较大的用例才显出差别）。"},
    "mistake_bn_test_without_gamma_beta": {
        "en": "In test mode the output is not scaled and shifted: after normalising with the running averages, "
              "apply gamma and beta as in train mode: the normalised value times gamma, plus beta.",
        "zh": "测试模式下输出没有缩放和平移：用滑动平均归一化之后，要像训练模式一样应用 gamma 和 beta，即 "
              "归一化后的值乘以 gamma 再加 beta。"},
    "mistake_bn_unbiased_variance": {
        "en": "The batch variance is the unbiased one (ddof=1, divided by N - 1): batch norm normalises with the "
              "plain variance of the batch, np.var(x, axis=0) (divided by N), and feeds that to running_var "
              "too.",
        "zh": "批次方差用了无偏估计（ddof=1，除以 N - 1）：批归一化用的是批次的普通方差 np.var(x, "
              "axis=0)（除以 N），running_var 也用它更新。"},
    "mistake_bn_momentum_swapped": {
        "en": "momentum weighs the wrong term: running_mean = momentum * running_mean + (1 - momentum) * "
              "sample_mean (momentum = 0.9 keeps 90% of the old average), and the same for running_var.",
        "zh": "momentum 乘错了项：running_mean = momentum * running_mean + (1 - "
              "momentum) * sample_mean（momentum = 0.9 表示保留 90% 的旧平均值），running_var 同理。"},
    "mistake_bn_running_var_from_std": {
        "en": "running_var averages the standard deviation (with eps in it): it is the running average of the "
              "batch variance, momentum * running_var + (1 - momentum) * sample_var.",
        "zh": "running_var 累计的是（含 eps 的）标准差：它应是批次方差的滑动平均，momentum * "
              "running_var + (1 - momentum) * sample_var。"},
    "bc_per_feature_column": {
        "en": "One array here is ({N}, {D}), N by D like x, and the other ({D}, 1): {D} values, one per "
              "feature, stood as a column, so they run along the samples. Per-feature values (gamma, beta, a batch norm's statistics) go along "
              "axis 1: shape ({D},) or (1, {D}).",
        "zh": "这里一个数组的形状是 ({N}, {D})，与 x 一样是 N 乘 D，另一个是 ({D}, 1)：{D} 个值，每个特征一个，却被竖成了一列，于是沿样本方向排列。"
              "按特征的值（gamma、beta、批归一化的统计量）应沿轴 1 排列：形状为 ({D},) 或 (1, {D})。"},
    "bc_per_sample_row": {
        "en": "One array here is ({N}, {D}), N by D like x, and the other (1, {N}): {N} values, one per "
              "sample, laid as a row, so they run along the features. Per-sample values (a layer norm's mean and std) go along axis 0: shape "
              "({N}, 1), as keepdims=True keeps them.",
        "zh": "这里一个数组的形状是 ({N}, {D})，与 x 一样是 N 乘 D，另一个是 (1, {N})：{N} 个值，每个样本一个，却被排成了一行，于是沿特征方向排列。"
              "按样本的值（层归一化的均值和标准差）应沿轴 0 排列：形状为 ({N}, 1)，keepdims=True 会这样保留。"},
    "bc_transposed": {
        "en": "One array here is {a} and the other {b}: the same two sizes in swapped order, so one of them is in "
              "the transposed layout of the other (a .T or .transpose() taken on one side only, or an array from "
              "the cache left untransposed). Keep every array of this line in one layout: transpose all of them or "
              "none, and the result back once at the end.",
        "zh": "这里一个数组的形状是 {a}，另一个是 {b}：同样的两个大小，顺序对调，所以其中一个是另一个的转置布局"
              "（只在一边用了 .T 或 .transpose()，或者从 cache 取出的数组没有转置）。这一行的所有数组要用同一种布局："
              "要么全部转置，要么都不转置，最后再把结果转置回来一次。"},
    "bc_reversed": {
        "en": "One array here is {a} and the other {b}: with its axes in reverse order, {flipped}, {b} would "
              "broadcast with {a}. .T (or .transpose() with no axes) reverses every axis, so one of them is in the "
              "transposed layout of the other (in group norm, x.reshape(N, G, -1) is (N, G, K) and its .T is "
              "(K, G, N); a statistic kept (N, G, 1) fits the first only). Keep every array of this line in one "
              "layout: transpose all of them or none, and the result back once at the end.",
        "zh": "这里一个数组的形状是 {a}，另一个是 {b}：把 {b} 的轴倒序排成 {flipped}，它就能与 {a} 广播。"
              ".T（或不带参数的 .transpose()）会把所有轴倒序，所以其中一个是另一个的转置布局（在组归一化中，"
              "x.reshape(N, G, -1) 是 (N, G, K)，它的 .T 是 (K, G, N)；保留为 (N, G, 1) 的统计量只适合前者）。"
              "这一行的所有数组要用同一种布局：要么全部转置，要么都不转置，最后再把结果转置回来一次。"},
    # learnG: a group norm's broadcast error read against the raising case's x and G (exception_rules.group_layout_reading)
    "bc_group_stat_on_4d": {
        "en": "One array here is {a}, in the (N, C, H, W) layout of x and dout as they come in, and the other {b}: "
              "one value per sample and group (N * G = {ng}), in a grouped layout. Values kept one per group (a "
              "mean, a variance, a sum over each group) belong to the grouped view they come from (x reshaped to "
              "(N, G, ...) or to (N * G, -1)), not to the 4-D array: reshape every array of this line the same way "
              "(x, dout or x_hat as well), and the result back to (N, C, H, W) once at the end.",
        "zh": "这里一个数组的形状是 {a}，即 x 和 dout 传入时的 (N, C, H, W) 布局，另一个是 {b}：每个样本每组一个值"
              "（N * G = {ng}），处在分组后的布局中。每组一个的值（均值、方差、每组上的求和）属于它们所来自的分组视图"
              "（x reshape 成 (N, G, ...) 或 (N * G, -1) 的视图），而不是四维数组：这一行的每个数组都要用同样的方式 "
              "reshape（x、dout 或 x_hat 也一样），最后再把结果一次 reshape 回 (N, C, H, W)。"},
    "bc_gamma_channels_last": {
        "en": "One array here is {a}, one value per channel laid out as x's channels, (N, C, H, W) (gamma or beta), "
              "and the other {b}, with the channels moved last, (N, H, W, C): NumPy lines up the last axes, so the "
              "channels of one meet the W of the other. Scale and shift in the (N, C, H, W) layout (before the "
              "transpose, or after transposing back), or use gamma.reshape(-1) and beta.reshape(-1) against the "
              "channels-last array.",
        "zh": "这里一个数组的形状是 {a}，每个通道一个值，按 x 的通道排列，即 (N, C, H, W)（gamma 或 beta），另一个是 "
              "{b}，通道被移到了最后，即 (N, H, W, C)：NumPy 从最后的轴开始对齐，于是一个的通道对上了另一个的 W。"
              "请在 (N, C, H, W) 布局中缩放和平移（在转置之前，或者转置回来之后），或者对通道在最后的数组使用 "
              "gamma.reshape(-1) 和 beta.reshape(-1)。"},
    "bc_group_rows_as_row": {
        "en": "One array here is {a}, one row per sample and group like x.reshape(N * G, -1), and the other {b}: "
              "its N * G = {ng} values laid as a row, so they run along the columns, not the groups. One value per "
              "group goes along axis 0: shape ({ng}, 1), as keepdims=True (or [:, np.newaxis]) keeps it.",
        "zh": "这里一个数组的形状是 {a}，像 x.reshape(N * G, -1) 一样每个样本每组一行，另一个是 {b}：它的 N * G = {ng} "
              "个值被排成了一行，于是沿列排列，而不是沿组。每组一个的值应沿轴 0 排列：形状为 ({ng}, 1)，keepdims=True"
              "（或 [:, np.newaxis]）会这样保留。"},
    "bc_group_columns_per_row": {
        "en": "One array here is {a}, one column per sample and group (N * G = {ng}) like x.reshape(N * G, -1).T, "
              "and the other {b}: one value per row, across the samples and groups, which NumPy lines up with the "
              "last axis. In this layout a group's mean and variance run down its column, axis=0, giving {ng} "
              "values, one per column, that broadcast as they are.",
        "zh": "这里一个数组的形状是 {a}，像 x.reshape(N * G, -1).T 一样每个样本每组一列（N * G = {ng}），另一个是 {b}："
              "每行一个值，跨越了各个样本和组，NumPy 把它对上最后一个轴。在这种布局中，一组的均值和方差沿它所在的列计算，"
              "即 axis=0，得到 {ng} 个值，每列一个，可以直接广播。"},
    "reshape_multiplied_out": {
        "en": "The array reshaped to {target} here has {size} values, {times} times the {want} of x: no normalisation "
              "makes an array larger than its input, so two arrays in different layouts met before this line and "
              "NumPy broadcast them into one with the axes of both, each value of one against every value of the "
              "other, without an error. In group norm this is a statistic kept (N, G, 1) or (N, G, 1, 1, 1), from "
              "x.reshape(N, G, ...), against a transposed (C // G * H * W, N * G) view: its N * G values belong one "
              "per column there, reshape(1, -1), or keep the whole computation in the (N, G, ...) layout.",
        "zh": "这里 reshape 成 {target} 的数组有 {size} 个值，是 x 的 {want} 个的 {times} 倍：归一化不会产生比输入更大的"
              "数组，所以在这一行之前，两个布局不同的数组相遇，NumPy 把它们广播成一个兼有两者所有轴的数组（一个的每个值"
              "对上另一个的每个值），而且不报错。在组归一化中，这通常是保留为 (N, G, 1) 或 (N, G, 1, 1, 1) 的统计量"
              "（来自 x.reshape(N, G, ...)）遇上转置后的 (C // G * H * W, N * G) 视图：在那里它的 N * G 个值应当每列一个，"
              "即 reshape(1, -1)；或者整个计算都保持 (N, G, ...) 布局。"},
    "bc_per_sample_flat": {
        "en": "One array here is ({N}, {D}), N by D like x, and the other ({N},): {N} values, one per "
              "sample, whose one axis meets x's last axis, the features. Keep them as ({N}, 1): keepdims=True in the mean or var, or [:, None].",
        "zh": "这里一个数组的形状是 ({N}, {D})，与 x 一样是 N 乘 D，另一个是 ({N},)：{N} 个值，每个样本一个，"
              "它唯一的轴对上了 x 的最后一个轴，"
              "即特征。请保留成 ({N}, 1)：在 mean 或 var 中用 keepdims=True，或者写 [:, None]。"},
    "pattern_test_form": {
        "en": "In test mode your {function}'s output is `{formula}` (read from the test cases), where the train-mode "
              "formula belongs with running_mean and running_var standing in for the batch's mean and variance: "
              "compare the two term by term.",
        "zh": "测试模式下你的 {function} 的输出是 `{formula}`（从测试用例读出），而应当是训练模式的公式，只是用 "
              "running_mean 和 running_var 代替批次的均值和方差：请逐项对比两者。"},
    # learnB's sweep: a running average fed the whole array's statistic (_running_whole_hint)
    "pattern_running_fed_whole": {
        "en": "Your {function} averages `{stat}`, one number for the whole array, into {name}: it is fed the batch's "
              "statistic per feature (per channel in spatial batch norm), over {axes}, the same one train mode "
              "normalises with.",
        "zh": "你的 {function} 把 `{stat}`（整个数组只有一个数）平均进了 {name}：应当用按特征（空间批归一化中按通道）"
              "计算的批次统计量（在 {axes} 上），也就是训练模式归一化所用的那个。"},
    "pattern_running_fed_one": {
        "en": "Your {function} averages one number, the same for every feature, into {name} (a sum or mean taken "
              "with no axis?): it is fed the batch's statistic per feature (per channel in spatial batch norm), over "
              "{axes}, the same one train mode normalises with.",
        "zh": "你的 {function} 把同一个数（每个特征都一样）平均进了 {name}（求和或求均值时没有指定 axis？）：应当用按特征"
              "（空间批归一化中按通道）计算的批次统计量（在 {axes} 上），也就是训练模式归一化所用的那个。"},
    "pattern_running_var_fed_mean": {
        "en": "Your {function} averages the batch's mean into running_var, where the batch's variance belongs (np.mean "
              "where np.var belongs?): the variance over {axes} is what running_var averages, and what train mode "
              "normalises with.",
        "zh": "你的 {function} 把批次均值平均进了 running_var，而这里应当是批次方差（该用 np.var 的地方用了 np.mean？）："
              "running_var 平均的是在 {axes} 上的方差，训练模式归一化用的也是它。"},
    "pattern_running_var_from_std_no_eps": {
        "en": "running_var averages the standard deviation (without eps: np.std, say): it is the running average of "
              "the batch variance, momentum * running_var + (1 - momentum) * sample_var.",
        "zh": "running_var 累计的是（不含 eps 的）标准差（例如 np.std）：它应是批次方差的滑动平均，momentum * "
              "running_var + (1 - momentum) * sample_var。"},
    "mistake_gn_stats_per_position": {
        "en": "The statistics are taken over each group's channels at every position on its own (layer norm over "
              "the group's channels per pixel): group norm takes one mean and variance per sample and group "
              "over the group's channels AND all H x W positions (axes 2, 3, 4 of x.reshape(N, G, C // G, H, "
              "W)).",
        "zh": "统计量是在每个位置上、只对组内通道计算的（逐像素对组内通道做层归一化）：组归一化对每个样本的每一组，在组内所有通道以及全"
              "部 H x W 个位置上（x.reshape(N, G, C // G, H, W) 的轴 2、3、4）计算一个均值和方差。"},
    "mistake_bn_backward_constant_stats": {
        "en": "dx treats the batch mean and variance as constants: they depend on x too, so add the paths through "
              "the variance and the mean.",
        "zh": "dx 把批次均值和方差当成了常数：它们也依赖于 x，还要加上经过方差和均值的梯度路径。"},
    "mistake_bn_alt_without_dgamma_term": {
        "en": "The simplified dx misses its last term: dx = gamma / (N * std) * (N * dout - sum(dout) - x_hat * "
              "sum(dout * x_hat)).",
        "zh": "简化后的 dx 少了最后一项：dx = gamma / (N * std) * (N * dout - "
              "sum(dout) - x_hat * sum(dout * x_hat))。"},
    "mistake_ln_wrong_axis": {
        "en": "This normalises each feature over the batch, which is batch norm: layer norm normalises each sample "
              "over its features (axis 1).",
        "zh": "这是在批次上对每个特征归一化，即批归一化：层归一化应对每个样本在其特征上（轴 1）归一化。"},
    "mistake_ln_backward_batch_axis": {
        "en": "The backward pass sums over the batch: in layer norm every sum runs over the features of one sample "
              "(axis 1).",
        "zh": "反向传播在批次上求和：层归一化中的每个求和都应在单个样本的特征上（轴 1）进行。"},
    "mistake_sbn_reshape_without_transpose": {
        "en": "x.reshape(-1, C) mixes channels and positions: move the channels last first (x.transpose(0, 2, 3, "
              "1)), then reshape to (N * H * W, C).",
        "zh": "x.reshape(-1, C) 把通道和位置混在了一起：请先把通道移到最后（x.transpose(0, 2, 3, "
              "1)），再变形为 (N * H * W, C)。"},
    "mistake_gn_stats_over_batch": {
        "en": "The group statistics are shared across the batch: group norm normalises each sample's group on its "
              "own (axes C / G, H and W of x.reshape(N, G, C // G, H, W), not N).",
        "zh": "组统计量跨批次共享了：组归一化应对每个样本的每一组单独归一化（在 x.reshape(N, G, C // G, H, "
              "W) 的 C/G、H、W 轴上，不含 N）。"},
    "mistake_gap_sum": {
        "en": "The output is the sum of each feature map: global average pooling divides by H * W.",
        "zh": "输出是每个特征图的和：全局平均池化要除以 H * W。"},
    "mistake_gap_backward_not_divided": {
        "en": "Each position gets all of dout: the mean gives each of the H * W positions dout / (H * W).",
        "zh": "每个位置都得到了完整的 dout：求均值时每个位置只应得到 dout / (H * W)。"},
    "mistake_residual_relu_before_add": {
        "en": "The last ReLU comes before the shortcut is added: the block computes ReLU(BN2(...) + shortcut(x)).",
        "zh": "最后的 ReLU 放在了加上捷径之前：残差块计算的是 ReLU(BN2(...) + shortcut(x))。"},
    "mistake_shortcut_drops_gradient": {
        "en": "dx misses the shortcut's gradient: with an identity shortcut, the gradient after the last ReLU "
              "flows to x unchanged as well, and the two add up.",
        "zh": "dx 丢了捷径分支的梯度：恒等捷径时，最后一个 ReLU 之后的梯度也会原样流到 x，两部分要相加。"},
    "mistake_bottleneck_stride_in_3x3": {
        "en": "The stride is in the 3x3 conv (torchvision's \"ResNet v1.5\"): this block, as the paper's, puts it in "
              "the first 1x1 conv; the output has the same shape, but the 3x3 then sees every position of its "
              "input.",
        "zh": "步长放在了 3x3 卷积上（torchvision 的 \"ResNet "
              "v1.5\"）：这个瓶颈块与论文一致，把步长放在第一个 1x1 卷积上；输出形状相同，但那样 3x3 卷积会看到输入的每一个位置。"},
    "mistake_lrn_sum_of_values": {
        "en": "The window sums the activations themselves: LRN sums their squares, x[n, j] ** 2, over the "
              "neighbouring channels.",
        "zh": "窗口里累加的是激活值本身：LRN 累加的是相邻通道上激活值的平方 x[n, j] ** 2。"},
    "mistake_floor_rounds_up": {
        "en": "rounding='floor' rounds up here (Caffe's ceil mode): floor rounding drops the last, incomplete "
              "window, (N - F + 2P) // S + 1.",
        "zh": "rounding='floor' 时这里向上取整了（Caffe 的 ceil "
              "模式）：向下取整会丢掉最后一个不完整的窗口，即 (N - F + 2P) // S + 1。"},
    "mistake_flops_on_the_input_grid": {
        "en": "A conv's multiply-adds are counted on its input's H x W: each of the K * H' * W' outputs is one dot "
              "product of HH * WW * C products, so count on the output's grid (a stride or a missing pad makes "
              "it smaller).",
        "zh": "卷积层的乘加次数是按输入的 H x W 计算的：K * H' * W' 个输出中的每一个是一次 HH * WW * C "
              "项的点积，所以要按输出的网格来数（步长或没有填充都会让它变小）。"},
    "mistake_flops_ignore_groups": {
        "en": "A grouped conv's filters see C / groups channels each (AlexNet's two GPUs): its multiply-adds are K "
              "* H' * W' * HH * WW * C / groups.",
        "zh": "分组卷积的每个滤波器只看 C / groups 个通道（AlexNet 的两块 GPU）：它的乘加次数是 K * H' "
              "* W' * HH * WW * C / groups。"},
    "mistake_batchnorm_counts_running_stats": {
        "en": "Batch norm has 2 * C parameters (gamma and beta): the running mean and variance are statistics, not "
              "learned parameters.",
        "zh": "批归一化有 2 * C 个参数（gamma 和 beta）：滑动均值和方差是统计量，不是学习的参数。"},
    "mistake_gn_dgamma_not_summed_over_batch": {
        "en": "dgamma comes from the first sample only: gamma scales every sample, so sum dout * x_hat over N, H "
              "and W.",
        "zh": "dgamma 只来自第一个样本：gamma 作用于每个样本，要对 N、H、W 求 dout * x_hat 的和。"},
    "mistake_lrn_backward_constant_scale": {
        "en": "dx treats the denominator as a constant: it depends on x too (through the squares of the "
              "neighbouring channels), which adds -2 * alpha * beta * x * sum(dout * x * scale ** (-beta - 1)) "
              "over the window.",
        "zh": "dx 把分母当成了常数：分母也依赖于 x（通过相邻通道的平方和），要加上窗口内的 -2 * alpha * beta "
              "* x * sum(dout * x * scale ** (-beta - 1))。"},
    # issue 19, fourth round: statistics taken over the wrong values, read from the student's own outputs
    "pattern_norm_axes": {
        "en": "Your {function} normalises {got}, where {want}.",
        "zh": "你的 {function} {got}，而{want}。"},
    "norm_over_batch": {
        "en": "each feature over the batch (axis=0: batch norm's axes)",
        "zh": "对每个特征在批次上归一化（axis=0：这是批归一化的轴）"},
    "norm_over_features": {
        "en": "each sample over its features (axis=1: layer norm's axes)",
        "zh": "对每个样本在它的特征上归一化（axis=1：这是层归一化的轴）"},
    "norm_over_n_only": {
        "en": "each (c, h, w) position over the batch alone (axis=0 of the 4-D x: a mean of shape (C, H, W))",
        "zh": "对每个 (c, h, w) 位置只在批次上归一化（对 4 维的 x 取 axis=0：均值的形状是 (C, H, W)）"},
    "norm_over_chw": {
        "en": "each sample over all its channels and positions (axis=(1, 2, 3): layer norm)",
        "zh": "对每个样本在它的全部通道和位置上归一化（axis=(1, 2, 3)：这是层归一化）"},
    "norm_over_group_channels": {
        "en": "each (h, w) position over its group's channels alone (axis=2 of x.reshape(N, G, C // G, H, W): "
              "the mean and variance keep H and W)",
        "zh": "对每个 (h, w) 位置只在它所在组的通道上归一化（对 x.reshape(N, G, C // G, H, W) 取 axis=2："
              "均值和方差还保留着 H 和 W）"},
    "norm_over_channel_hw": {
        "en": "each channel over H and W alone (axis=(3, 4) of x.reshape(N, G, C // G, H, W): instance norm)",
        "zh": "对每个通道只在 H 和 W 上归一化（对 x.reshape(N, G, C // G, H, W) 取 axis=(3, 4)：这是实例归一化）"},
    "norm_over_gn_batch": {
        "en": "each group over the whole batch too (axis=(0, 2, 3, 4) of x.reshape(N, G, C // G, H, W))",
        "zh": "对每个组连同整个批次一起归一化（对 x.reshape(N, G, C // G, H, W) 取 axis=(0, 2, 3, 4)）"},
    "norm_over_sample_all": {
        "en": "each sample over all its channels, whatever G is (axis=(1, 2, 3, 4): layer norm)",
        "zh": "不管 G 是多少，都对每个样本在它的全部通道上归一化（axis=(1, 2, 3, 4)：这是层归一化）"},
    "norm_over_hw": {
        "en": "each sample's channel over H and W alone (axis=(2, 3): instance norm)",
        "zh": "对每个样本的每个通道只在 H 和 W 上归一化（axis=(2, 3)：这是实例归一化）"},
    "norm_over_h_only": {
        "en": "each sample's channel over H alone (axis=2: a mean of shape (N, C, W), one per column of each image)",
        "zh": "对每个样本的每个通道只在 H 上归一化（axis=2：均值的形状是 (N, C, W)，每张图的每一列一个）"},
    "norm_over_w_only": {
        "en": "each sample's channel over W alone (axis=3: a mean of shape (N, C, H), one per row of each image)",
        "zh": "对每个样本的每个通道只在 W 上归一化（axis=3：均值的形状是 (N, C, H)，每张图的每一行一个）"},
    # learnV's regrade: two files reshaping (N, G, ...) were told of x.reshape(N * G, -1) alone; the same values in
    # both views, so that either layout reads as its own
    "norm_over_gn_rows": {
        "en": "each of a group's values over every sample and every group (axis=(0, 1) of x.reshape(N, G, C // G, H, "
              "W), the same values as axis=0 of x.reshape(N * G, -1): the mean runs across the samples and the groups, "
              "where it belongs along one group of one sample)",
        "zh": "对组内的每个值跨所有样本和所有组归一化（对 x.reshape(N, G, C // G, H, W) 取 axis=(0, 1)，与对 "
              "x.reshape(N * G, -1) 取 axis=0 是同样的值：均值跨样本和组求得，而应当沿着一个样本的一个组求）"},
    "norm_over_channel_batch": {
        "en": "each channel over N, H and W (axis=(0, 3, 4) of x.reshape(N, G, C // G, H, W): spatial batch norm, "
              "not a group's channels together)",
        "zh": "对每个通道在 N、H、W 上归一化（对 x.reshape(N, G, C // G, H, W) 取 axis=(0, 3, 4)：这是空间批归一化，"
              "而不是把一个组的通道放在一起）"},
    # issue 19, set G: the formula a train-mode forward computed, matched on its own output (form_hint)
    "pattern_norm_form": {
        "en": "Your {function}'s {train_output} is what this formula gives: {what}",
        "zh": "你的 {function} {train_output}正是下面这个算法的结果：{what}"},
    # set K: a forward whose train-mode output is gamma * x + beta (unnormalised_hint)
    "pattern_norm_not_normalised": {
        "en": "Your {function}'s {train_output} is `gamma * x + beta`: x itself is scaled and shifted and never "
              "normalised. Scale and shift x_hat, x normalised by its mean and standard deviation, not x (check "
              "which array the scale and shift are applied to).",
        "zh": "你的 {function} {train_output}就是 `gamma * x + beta`：被缩放和平移的是 x 本身，它从未被归一化。"
              "应当缩放和平移 x_hat（用均值和标准差归一化后的 x），而不是 x（请检查缩放和平移作用在哪个数组上）。"},
    "form_wrong_axes": {
        "en": "Its mean and variance are taken over {got}, where {want}.",
        "zh": "它的均值和方差是在{got}上计算的，而{want}。"},
    "form_axes_none": {
        "en": "the whole array (no axis: `x.mean()` and `x.var()` give one number for all of x)",
        "zh": "整个数组（没有指定轴：`x.mean()` 和 `x.var()` 对整个 x 只给出一个数）"},
    "form_axes": {
        "en": "`axis={axes}`",
        "zh": " `axis={axes}` "},
    "form_axes_grouped": {
        "en": "`axis={axes}` of `x.reshape(N, {groups}, ...)`",
        "zh": " `x.reshape(N, {groups}, ...)` 的 `axis={axes}` "},
    "form_groups_swapped": {
        "en": "It splits the channels into C // G groups of G channels (`x.reshape(N, C // G, G, H, W)`, G overwritten "
              "or swapped), where group norm has G groups of C // G channels: `x.reshape(N, G, C // G, H, W)`.",
        "zh": "它把通道分成了 C // G 个组、每组 G 个通道（`x.reshape(N, C // G, G, H, W)`，G 被覆盖或两者对调了），"
              "而组归一化是 G 个组、每组 C // G 个通道：`x.reshape(N, G, C // G, H, W)`。"},
    "form_transposed_not_back": {
        "en": "It normalises each group as a column of the transposed `(C // G * H * W, N * G)` array, then reshapes "
              "that array to (N, C, H, W) without transposing it back: the values are right and their places are "
              "not (`x_hat.T.reshape(N, C, H, W)`).",
        "zh": "它把每个组当作转置后的 `(C // G * H * W, N * G)` 数组的一列来归一化，然后没有先转置回去就把这个数组 "
              "reshape 成 (N, C, H, W)：数值是对的，位置不对（应为 `x_hat.T.reshape(N, C, H, W)`）。"},
    "form_reshaped_not_transposed": {
        "en": "It reshapes x straight to `(C // G * H * W, N * G)` with no transpose, so each column it normalises "
              "mixes samples, groups and positions, not one sample's group: take the groups as columns with "
              "`x.reshape(N * G, -1).T` (and `x_hat.T.reshape(N, C, H, W)` back), or normalise "
              "`x.reshape(N, G, C // G, H, W)` over axes (2, 3, 4).",
        "zh": "它没有转置就直接把 x reshape 成 `(C // G * H * W, N * G)`，于是它归一化的每一列混杂了不同的样本、组和位置，"
              "而不是某个样本的一个组：要把各组作为列，应使用 `x.reshape(N * G, -1).T`（还原时用 "
              "`x_hat.T.reshape(N, C, H, W)`），或者对 `x.reshape(N, G, C // G, H, W)` 在轴 (2, 3, 4) 上归一化。"},
    "form_no_sqrt": {
        "en": "It divides by `var + eps`, without the square root: x_hat is divided by the standard deviation, "
              "`np.sqrt(var + eps)`.",
        "zh": "它除以的是 `var + eps`，缺少平方根：x_hat 应除以标准差，即 `np.sqrt(var + eps)`。"},
    "form_no_parentheses": {
        "en": "It computes `x - mean / np.sqrt(var + eps)`: the parentheses are missing, so only the mean is divided; "
              "write `(x - mean) / np.sqrt(var + eps)`.",
        "zh": "它计算的是 `x - mean / np.sqrt(var + eps)`：少了括号，于是只有均值被除；应写成 "
              "`(x - mean) / np.sqrt(var + eps)`。"},
    "form_var_other_count": {
        "en": "Its variance divides the sum of squares by {other}, the size of the axes it does not sum over, where "
              "the number of values it sums over, {count}, belongs (np.var over the same axes counts them itself).",
        "zh": "它的方差把平方和除以了 {other}（它没有求和的那些轴的大小），而应除以它求和的值的个数 {count}"
              "（在同样的轴上用 np.var 会自己计数）。"},
    # learnB's mutation sweep: one statistic over the wrong axes, np.std for np.var, x not centred, ddof=1, a mean's
    # count (form_hint)
    "form_mean_axes": {
        "en": "Its mean is taken over {got} and its variance over the right axes, where {want}: both statistics run "
              "over the same axes.",
        "zh": "它的均值是在{got}上计算的，而方差用的是正确的轴；{want}：两个统计量应在同样的轴上计算。"},
    "form_var_axes": {
        "en": "Its variance is taken over {got} and its mean over the right axes, where {want}: both statistics run "
              "over the same axes.",
        "zh": "它的方差是在{got}上计算的，而均值用的是正确的轴；{want}：两个统计量应在同样的轴上计算。"},
    "form_std_for_var": {
        "en": "It takes the square root of `std + eps`, the standard deviation (np.std) where the variance (np.var) "
              "belongs: x_hat is `(x - mean) / np.sqrt(var + eps)`.",
        "zh": "它对 `std + eps` 取了平方根：这里用了标准差（np.std），应当用方差（np.var）：x_hat 是 "
              "`(x - mean) / np.sqrt(var + eps)`。"},
    "form_not_centred": {
        "en": "It divides x itself by the standard deviation, without subtracting the mean first: x_hat is "
              "`(x - mean) / np.sqrt(var + eps)`.",
        "zh": "它直接用 x 本身除以标准差，没有先减去均值：x_hat 是 `(x - mean) / np.sqrt(var + eps)`。"},
    "form_var_unbiased": {
        "en": "Its variance is the unbiased one (ddof=1: the sum of squares divided by the count minus one): the "
              "normalisation divides by the count itself, np.var's default (ddof=0).",
        "zh": "它的方差用了无偏估计（ddof=1：平方和除以个数减一）：归一化应除以个数本身，即 np.var 的默认值"
              "（ddof=0）。"},
    "form_mean_other_count": {
        "en": "Its mean divides the sum by {other}, the size of the axes it does not sum over, where the number of "
              "values it sums over, {count}, belongs (np.mean over the same axes counts them itself).",
        "zh": "它的均值把总和除以了 {other}（它没有求和的那些轴的大小），而应除以它求和的值的个数 {count}"
              "（在同样的轴上用 np.mean 会自己计数）。"},
    # learnB's mutation sweep: a spatial norm's values right and their places not (places_hint)
    "pattern_norm_places": {
        "en": "Your {function}'s {train_output} holds the right values in the wrong places: the statistics are "
              "right, and the way back to (N, C, H, W) does not undo the way in. Check the order of "
              "the axes in each reshape and transpose: {way}.",
        "zh": "你的 {function} {train_output}中，数值都是对的，但位置不对：统计量是对的，而回到 "
              "(N, C, H, W) 的那一步没有撤销进入时的变换。请检查每次 reshape 和 transpose 中轴的顺序：{way}。"},
    "places_way_sbn": {
        "en": "in with `x.transpose(0, 2, 3, 1).reshape(-1, C)`, back with `out.reshape(N, H, W, C).transpose(0, 3, "
              "1, 2)`",
        "zh": "进入时用 `x.transpose(0, 2, 3, 1).reshape(-1, C)`，还原时用 `out.reshape(N, H, W, C).transpose(0, 3, "
              "1, 2)`"},
    "places_way_gn": {
        "en": "in with `x.reshape(N, G, C // G, H, W)`, back with `x_hat.reshape(N, C, H, W)` (no transpose on "
              "either side)",
        "zh": "进入时用 `x.reshape(N, G, C // G, H, W)`，还原时用 `x_hat.reshape(N, C, H, W)`（两边都不需要转置）"},
    "form_var_divided": {
        "en": "Its variance divides the sum of squares by {written} where the number of values it sums over, {count}, "
              "belongs (np.var over the same axes counts them itself).",
        "zh": "它的方差把平方和除以了 {written}，而应除以它求和的值的个数 {count}（在同样的轴上用 np.var 会自己计数）。"},
    "form_eps_added_to_std": {
        "en": "It adds eps twice: inside the square root and again to the standard deviation, "
              "`np.sqrt(var + eps) + eps`; once, inside, is the formula: `np.sqrt(var + eps)`.",
        "zh": "它把 eps 加了两次：平方根之内一次，又在标准差上加了一次，即 `np.sqrt(var + eps) + eps`；公式只在平方根"
              "之内加一次：`np.sqrt(var + eps)`。"},
    "form_gamma_missing": {
        "en": "It leaves gamma out of the scale and shift: the output is `gamma * x_hat + beta`.",
        "zh": "它在缩放和平移中漏掉了 gamma：输出应为 `gamma * x_hat + beta`。"},
    "form_beta_missing": {
        "en": "It leaves beta out of the scale and shift: the output is `gamma * x_hat + beta`.",
        "zh": "它在缩放和平移中漏掉了 beta：输出应为 `gamma * x_hat + beta`。"},
    # learnB's sweep: a spatial norm backward's dx right in its values and not in their places (_dx_places_hint)
    "pattern_norm_backward_places": {
        "en": "Your {function}'s dx holds the right values in the wrong places: each channel has its right gradients, "
              "and the way back to (N, C, H, W) does not undo the way in. Check the order of the axes in each "
              "reshape and transpose: {way}.",
        "zh": "你的 {function} 的 dx 数值是对的，但位置不对：每个通道的梯度值都对，而回到 (N, C, H, W) 的那一步没有"
              "撤销进入时的变换。请检查每次 reshape 和 transpose 中轴的顺序：{way}。"},
    "pattern_sbn_backward_dout_layout": {
        "en": "Your {function} flattens dout as `{code}`, another layout than its forward's x: each row of dout then "
              "meets the cached x_hat of another position. Flatten dout exactly as the forward flattened x, "
              "`dout.transpose(0, 2, 3, 1).reshape(-1, C)`.",
        "zh": "你的 {function} 用 `{code}` 展平了 dout，这与前向传播展平 x 的布局不同：于是 dout 的每一行对上的是另一个"
              "位置缓存的 x_hat。请按前向传播展平 x 的方式展平 dout：`dout.transpose(0, 2, 3, 1).reshape(-1, C)`。"},
    "dx_places_way_sbn": {
        "en": "in with `dout.transpose(0, 2, 3, 1).reshape(-1, C)`, back with `dx.reshape(N, H, W, C).transpose(0, "
              "3, 1, 2)`",
        "zh": "进入时用 `dout.transpose(0, 2, 3, 1).reshape(-1, C)`，还原时用 `dx.reshape(N, H, W, C).transpose(0, "
              "3, 1, 2)`"},
    "dx_places_way_gn": {
        "en": "in with `dout.reshape(N, G, C // G, H, W)`, back with `dx.reshape(N, C, H, W)` (no transpose on "
              "either side)",
        "zh": "进入时用 `dout.reshape(N, G, C // G, H, W)`，还原时用 `dx.reshape(N, C, H, W)`（两边都不需要转置）"},
    "pattern_norm_nonfinite_variance": {
        "en": "Your {function}'s {train_output} is NaN exactly where its variance, {var}, plus eps is negative: "
              "the square root of a negative number is NaN. A variance is the mean of the squared deviations from "
              "the mean, never negative: np.var(x, {axes}, keepdims=True).",
        "zh": "你的 {function} {train_output}恰好在它的方差 {var} 加上 eps 为负的地方是 NaN：负数的平方根是 NaN。"
              "方差是与均值之差的平方的平均，永远不为负：np.var(x, {axes}, keepdims=True)。"},
    # held-out set R (Fitz1003Miao): statistics as plain sums, read from a finite train-mode output
    # (grader.layer_patterns.summed_stats_hint)
    "pattern_norm_stats_summed": {
        "en": "Your {function}'s {train_output} is normalised with sums where means belong: its mean is "
              "np.sum(x, {axes}) and its variance the sum of the squared deviations from it. Both are means: "
              "np.mean(x, {axes}, keepdims=True) and np.var(x, {axes}, keepdims=True).",
        "zh": "你的 {function} {train_output}是用求和代替均值来归一化的：它的均值是 np.sum(x, {axes})，方差是与之"
              "偏差的平方和。两者都应是平均值：np.mean(x, {axes}, keepdims=True) 和 np.var(x, {axes}, keepdims=True)。"},
    "pattern_norm_mean_summed": {
        "en": "Your {function}'s {train_output} is centred on a sum where the mean belongs: it subtracts "
              "np.sum(x, {axes}), not np.mean(x, {axes}, keepdims=True).",
        "zh": "你的 {function} {train_output}减去的是一个和，而不是均值：它减去的是 np.sum(x, {axes})，"
              "而不是 np.mean(x, {axes}, keepdims=True)。"},
    "pattern_norm_var_summed": {
        "en": "Your {function}'s {train_output} divides by the root of a sum of the squared deviations where their "
              "mean, the variance, belongs: np.var(x, {axes}, keepdims=True), not a sum.",
        "zh": "你的 {function} {train_output}除以的是偏差平方和的平方根，而这里应当是偏差平方的平均值（即方差）："
              "np.var(x, {axes}, keepdims=True)，而不是求和。"},
    "pattern_norm_mean_as_sum": {
        "en": "Its mean is the plain sum, np.sum(x, {axes}), where np.mean(x, {axes}, keepdims=True) belongs.",
        "zh": "它的均值用的是直接求和 np.sum(x, {axes})，应为 np.mean(x, {axes}, keepdims=True)。"},
    "form_eps_missing": {
        "en": "And it divides by `np.sqrt(var)`, with no eps (a case with a large eps shows it): divide by "
              "`np.sqrt(var + eps)`.",
        "zh": "并且它除以的是 `np.sqrt(var)`，没有 eps（eps 较大的用例显示了这一点）：应除以 `np.sqrt(var + eps)`。"},
    "form_eps_outside_sqrt": {
        "en": "It divides by `np.sqrt(var) + eps`: eps belongs inside the square root, `np.sqrt(var + eps)`.",
        "zh": "它除以的是 `np.sqrt(var) + eps`：eps 应放在平方根之内，即 `np.sqrt(var + eps)`。"},
    "pattern_norm_backward_x_minus_var": {
        "en": "Your {function}'s dx is the simplified formula with `x - var` where `x - mean` belongs (the centred "
              "x, the numerator of x_hat).",
        "zh": "你的 {function} 的 dx 是化简后的公式，但在应写 `x - mean` 的地方写成了 `x - var`（即中心化的 x，"
              "x_hat 的分子）。"},
    "pattern_norm_backward_var_for_std": {
        "en": "Your {function}'s dx is the simplified formula scaled by `1 / var` where `1 / std` belongs "
              "(`1 / np.sqrt(var + eps)`: x_hat is divided by the standard deviation, not by the variance).",
        "zh": "你的 {function} 的 dx 是化简后的公式，但乘的是 `1 / var`，应为 `1 / std`"
              "（`1 / np.sqrt(var + eps)`：x_hat 除以的是标准差，不是方差）。"},
    "pattern_norm_backward_var_term_uncentred": {
        "en": "Your {function}'s dx is the simplified formula with its variance term missing one `x - mean` factor "
              "(x_hat): that term is `x_hat * sum(dout * gamma * x_hat)`, x_hat both outside and inside the sum.",
        "zh": "你的 {function} 的 dx 是化简后的公式，但方差项少了一个 `x - mean` 因子（x_hat）：该项应为 "
              "`x_hat * sum(dout * gamma * x_hat)`，求和内外都有 x_hat。"},
    "pattern_gn_params_per_group": {
        "en": "Your {function}'s dgamma and dbeta hold one value per group, G of them: gamma and beta have one value "
              "per channel, so sum dout * x_hat and dout over N, H and W of the 4-D arrays (axis=(0, 2, 3)), "
              "giving C values, not over the grouped 5-D array.",
        "zh": "你的 {function} 的 dgamma 和 dbeta 每组一个值，共 G 个：gamma 和 beta 每个通道一个值，所以应在 4 维数组"
              "上对 N、H、W 求和（axis=(0, 2, 3)）dout * x_hat 和 dout，得到 C 个值，而不是在分组后的 5 维数组上求和。"},
    "pattern_ln_backward_batch_formula": {
        "en": "Your {function}'s dx is batch norm's formula: its sums run over axis 0 and it counts N, the batch. "
              "Layer norm normalises each sample over its D features: every sum runs over axis 1 (keepdims=True) "
              "and the count is D.",
        "zh": "你的 {function} 的 dx 用的是批归一化的公式：求和沿 axis 0 进行，计数用的是批大小 N。层归一化对每个"
              "样本的 D 个特征做归一化：每个求和都应沿 axis 1（keepdims=True），计数为 D。"},
    "pattern_norm_backward_gamma_outside_sums": {
        "en": "Your {function}'s dx takes gamma out of the per-sample sums (it sums dout, not `dout * gamma`): "
              "batch norm may do that, its gamma is constant over the batch, but layer norm sums over the features, "
              "along which gamma varies. The sums take dout times gamma (dx_hat).",
        "zh": "你的 {function} 的 dx 把 gamma 提到了每个样本的求和之外（它对 dout 求和，而不是对 `dout * gamma`）："
              "批归一化可以这样做，因为它的 gamma 在批次上是常数；但层归一化是在特征上求和，gamma 沿这个轴是变化的。"
              "求和的对象应是 dout 乘以 gamma（即 dx_hat）。"},
    # dropout's out judged as a draw: the same mask under two seeds is none (grader.scoring.own_mask_out)
    "dropout_fixed_mask": {
        "en": "Your dropout keeps the very same units under another seed (the same x, dropout_param['seed'] + 1): "
              "that is a fixed pattern, not a random draw, so the same units would be dropped in every training "
              "step. Seed with dropout_param['seed'] when it is there (never a seed of your own), then draw: "
              "np.random.rand(*x.shape) < p.",
        "zh": "换一个种子（同样的 x，dropout_param['seed'] + 1）时，你的 dropout 保留的仍是完全相同的单元：这是固定的模式，"
              "不是随机抽取，训练的每一步都会丢弃同样的单元。若 dropout_param 中有 'seed'，就用它设定种子（不要自己写死种子），"
              "然后抽取：np.random.rand(*x.shape) < p。"},
    # dropout's property judged on a draw (grader.scoring.own_mask_property)
    "dropout_not_a_draw": {
        "en": "out is nonzero at {kept} of the {n} units: no dropout mask for keep probability p = {p:g} keeps that "
              "many (about p of them), so 'every output is 0 or x / p' proves nothing here. Draw the mask: "
              "np.random.rand(*x.shape) < p, then divide by p.",
        "zh": "out 在 {n} 个单元中有 {kept} 个非零：保留概率 p = {p:g} 的 dropout 掩码不会保留这么多（大约保留 p 的比例），"
              "所以“每个输出都是 0 或 x / p”在这里说明不了什么。请随机生成掩码：np.random.rand(*x.shape) < p，再除以 p。"},
    # issue 19, sixth round: a normalisation backward's dx read term by term against the textbook's (grader.dx_terms)
    "dx_terms_intro": {
        "en": "Your {function}'s dx, read term by term on the test cases against a right dx (its three paths: straight "
              "through x_hat, through the mean and through the variance, each mean over the {count} values one mean of "
              "the forward covers, {axes}), differs in this:",
        "zh": "在测试用例上与正确的 dx 逐项对照（它的三条路径：直接经过 x_hat、经过均值、经过方差；每个 mean 覆盖前向传播中一个均值"
              "所覆盖的 {count} 个值，{axes}），你的 {function} 的 dx 有以下不同："},
    "dx_term_mean": {
        "en": "the term through the mean",
        "zh": "经过均值的那一项"},
    "dx_term_var": {
        "en": "the term through the variance",
        "zh": "经过方差的那一项"},
    "dx_term_both": {
        "en": "the terms through the mean and through the variance",
        "zh": "经过均值和经过方差的两项"},
    "dx_term_all": {
        "en": "all of dx",
        "zh": "整个 dx"},
    "dx_change_axes": {
        "en": "its means and sums run over `{got}` where this layer's run over `{want}`",
        "zh": "它的均值和求和是在 `{got}` 上进行的，而这一层应在 `{want}` 上进行"},
    # learnW's pool: the mean's term alone summed over another layer's axes (batch norm's axis=0 in a layer norm)
    "dx_change_axes_t2": {
        "en": "the term through the mean sums dx_hat over `{got}` where `{want}` belongs (the rest of dx sums over "
              "`{want}`): each value reaches the mean of the values it was normalised with, so that sum runs over "
              "the same values as the variance's",
        "zh": "经过均值的那一项在 `{got}` 上对 dx_hat 求和，而应在 `{want}` 上（dx 的其余部分是在 `{want}` 上求和的）："
              "每个值经过的是与它一起归一化的那些值的均值，所以这个求和应与方差那一项覆盖同样的值"},
    "dx_change_eps_typed": {
        "en": "it uses eps = {typed} typed in where the cache's eps belongs (a case with another eps shows it): "
              "take eps from the cache, as the forward used it",
        "zh": "它用的是直接写进代码的 eps = {typed}，而应使用缓存中的 eps（eps 不同的用例暴露了这一点）："
              "请从缓存中取出 eps，与前向传播所用的一致"},
    "dx_change_scale": {
        "en": "it scales by `{got}` where `1 / np.sqrt(var + eps)` belongs (its x_hat is right)",
        "zh": "它乘的是 `{got}`，应为 `1 / np.sqrt(var + eps)`（它的 x_hat 是对的）"},
    "dx_change_root_without_eps": {
        "en": "it scales by `1 / np.sqrt(var)` where `1 / np.sqrt(var + eps)` belongs (its x_hat is right): eps is "
              "missing from its own square root, or from a standard deviation its forward cached without eps "
              "(`np.sqrt(var)` beside an x_hat that used `np.sqrt(var + eps)`)",
        "zh": "它乘的是 `1 / np.sqrt(var)`，应为 `1 / np.sqrt(var + eps)`（它的 x_hat 是对的）：要么它自己的平方根里缺了 eps，"
              "要么前向传播缓存的标准差不含 eps（x_hat 用的是 `np.sqrt(var + eps)`，缓存的却是 `np.sqrt(var)`）"},
    "dx_change_scale_outer": {
        "en": "it scales by `{got}` where `1 / np.sqrt(var + eps)` belongs (its x_hat is divided by np.sqrt(var + "
              "eps))",
        "zh": "它乘的是 `{got}`，应为 `1 / np.sqrt(var + eps)`（它的 x_hat 是除以 np.sqrt(var + eps) 得到的）"},
    "dx_change_scale_everywhere": {
        "en": "it uses `{got}` where `1 / np.sqrt(var + eps)` belongs, in x_hat too",
        "zh": "它用的是 `{got}`，应为 `1 / np.sqrt(var + eps)`，x_hat 中也是如此"},
    "dx_change_scale_t3_both": {
        "en": "the term through the variance scales both its x_hat by `{got}` where `1 / np.sqrt(var + eps)` belongs "
              "(the rest of dx has the right scale): the same std, eps in it, belongs in every factor of that term",
        "zh": "经过方差的那一项中两个 x_hat 乘的都是 `{got}`，应为 `1 / np.sqrt(var + eps)`（dx 的其余部分缩放是对的）："
              "这一项的每个因子都应使用同一个含 eps 的 std"},
    "dx_change_scale_t3_one": {
        "en": "the term through the variance scales one of its two x_hat by `{got}` where `1 / np.sqrt(var + eps)` "
              "belongs (the rest of dx has the right scale; a derivative of std or var taken without eps, say): the "
              "same std, eps in it, belongs in every factor of that term",
        "zh": "经过方差的那一项中两个 x_hat 之一乘的是 `{got}`，应为 `1 / np.sqrt(var + eps)`（dx 的其余部分缩放是对的；"
              "例如求 std 或 var 的导数时漏了 eps）：这一项的每个因子都应使用同一个含 eps 的 std"},
    # learnL (eleventh round): the variance's term scaled as a whole, the mean's term scaled on its own
    "dx_change_scale_t3_all": {
        "en": "the term through the variance uses `{got}` where `1 / np.sqrt(var + eps)` belongs, in all three of its "
              "factors of std (its `(var + eps) ** -1.5`): eps belongs in every one of them, as in x_hat",
        "zh": "经过方差的那一项在它的三个 std 因子（即 `(var + eps) ** -1.5`）中用的都是 `{got}`，应为 "
              "`1 / np.sqrt(var + eps)`：与 x_hat 一样，每个因子里都应含 eps"},
    "dx_change_scale_t2_std": {
        "en": "the term through the mean is multiplied by `{got}` where it is divided by it (`1 / np.sqrt(var + eps)` "
              "belongs there): the mean's path, -mean(dx_hat), reaches x through x_hat's division by std",
        "zh": "经过均值的那一项乘了 `{got}`，而应除以它（应为 `1 / np.sqrt(var + eps)`）：均值这条路径 -mean(dx_hat) "
              "是经过 x_hat 中除以 std 的那一步到达 x 的"},
    "dx_change_scale_t2_none": {
        "en": "the term through the mean is not divided by std (`1 / np.sqrt(var + eps)` belongs in it): the mean's "
              "path, -mean(dx_hat), reaches x through x_hat's division by std",
        "zh": "经过均值的那一项没有除以 std（其中应有 `1 / np.sqrt(var + eps)`）：均值这条路径 -mean(dx_hat) "
              "是经过 x_hat 中除以 std 的那一步到达 x 的"},
    "dx_change_t3": {
        "en": "the term through the variance is built as `{got}`: x - mean or 1 stands where x_hat belongs (x_hat is "
              "x - mean divided by std)",
        "zh": "经过方差的那一项被写成了 `{got}`：应为 x_hat 的地方用了 x - mean 或 1（x_hat 是 x - mean 除以 std）"},
    "dx_change_t3_var": {
        "en": "the term through the variance is built as `{got}`: the variance stands where x - mean belongs (d var "
              "reaches each value through d var / d x = 2 * (x - mean) / N, its own distance from its mean)",
        "zh": "经过方差的那一项被写成了 `{got}`：应为 x - mean 的地方用了方差（d var 经由 d var / d x = "
              "2 * (x - mean) / N 到达每个值，即该值与其均值之差）"},
    "dx_change_t3_raw": {
        "en": "the term through the variance is built as `{got}`: x itself stands where x - mean belongs (d var "
              "reaches each value through 2 * (x - mean) / M, M the values one mean covers: its own distance from its "
              "mean; x alone is right only where the mean is 0)",
        "zh": "经过方差的那一项被写成了 `{got}`：应为 x - mean 的地方用了 x 本身（d var 经由 2 * (x - mean) / M 到达每个值，"
              "M 是一个均值所覆盖的值的个数：即该值与其均值之差；只有均值为 0 时 x 本身才是对的）"},
    "dx_change_t3_mean": {
        "en": "the term through the variance is built as `{got}`: the mean alone stands where x - mean belongs (each "
              "value's distance from its mean)",
        "zh": "经过方差的那一项被写成了 `{got}`：应为 x - mean 的地方只用了均值（应是每个值与其均值之差）"},
    "dx_change_stats": {
        "en": "its x_hat and std come from a mean and variance over `{got}` where this layer's are over `{want}` "
              "(as its forward computed them, if they come from the cache)",
        "zh": "它的 x_hat 和 std 来自在 `{got}` 上计算的均值和方差，而这一层应在 `{want}` 上计算"
              "（如果它们取自缓存，那就是前向传播这样算的）"},
    "dx_change_gamma_outside": {
        "en": "gamma is taken out of the means, which run over values where gamma varies: the means take "
              "dx_hat, dout times gamma",
        "zh": "gamma 被提到了均值之外，而这些均值所覆盖的值上 gamma 是变化的：均值里应是 dx_hat，即 dout 乘以 gamma"},
    "dx_change_gamma_missing": {
        "en": "gamma is left out: dx_hat is dout * gamma, since the forward scaled x_hat by gamma",
        "zh": "漏掉了 gamma：dx_hat 是 dout * gamma，因为前向传播用 gamma 缩放了 x_hat"},
    "dx_change_missing": {
        "en": "{term}: missing",
        "zh": "{term}：缺失"},
    "dx_change_sign": {
        "en": "{term}: its sign is the wrong one",
        "zh": "{term}：符号反了"},
    "dx_change_count": {
        "en": "{term}: divided by {got} where {want} belongs, the count of values one mean covers",
        "zh": "{term}：除以的是 {got}，应除以 {want}，即一个均值所覆盖的值的个数"},
    "dx_change_factor": {
        "en": "{term}: {got} times the textbook's",
        "zh": "{term}：是教科书中该项的 {got} 倍"},
    "params_terms_intro": {
        "en": "Your {function}'s {output}, read against a right one on the test cases (one value per entry of gamma, a "
              "sum over every other axis), differs in this:",
        "zh": "在测试用例上与正确的结果对照（gamma 的每个元素对应一个值，在其余所有轴上求和），你的 {function} 的 {output} 有以下不同："},
    "params_change_scale": {
        "en": "its x_hat uses `{got}` where `1 / np.sqrt(var + eps)` belongs",
        "zh": "它的 x_hat 用的是 `{got}`，应为 `1 / np.sqrt(var + eps)`"},
    "params_change_centred": {
        "en": "it uses `x - mean` where x_hat belongs (the normalised x, divided by np.sqrt(var + eps))",
        "zh": "它用的是 `x - mean`，应为 x_hat（归一化后的 x，即除以 np.sqrt(var + eps)）"},
    "params_change_axes": {
        "en": "it is summed over `{got}`, which gives shape {shape}: one value per channel comes from summing over "
              "every axis but the channels' (`{want}`)",
        "zh": "它是在 `{got}` 上求和的，得到的形状是 {shape}：每个通道一个值，要在除通道外的所有轴上求和（`{want}`）"},
    "params_change_unsummed": {
        "en": "it is `{got}` value by value, not summed at all, which gives shape {shape}: one value per channel "
              "comes from summing it over every axis but the channels' (`{want}`)",
        "zh": "它是逐元素的 `{got}`，完全没有求和，得到的形状是 {shape}：每个通道一个值，要在除通道外的所有轴上对它求和"
              "（`{want}`）"},
    "params_change_sums_product": {
        "en": "it multiplies two sums, np.sum(dout, {axes}) * np.sum(x_hat, {axes}), where the sum of one product "
              "belongs: np.sum(dout * x_hat, {axes}), value by value first (for batch norm the two sums' product is "
              "0 or nearly: x_hat sums to 0 over the batch)",
        "zh": "它把两个和相乘，即 np.sum(dout, {axes}) * np.sum(x_hat, {axes})，而这里应是一个乘积的和："
              "np.sum(dout * x_hat, {axes})，先逐元素相乘再求和（对批归一化而言，两个和的乘积为 0 或接近 0："
              "x_hat 在批次上的和为 0）"},
    "params_change_product_dgamma": {
        "en": "it sums `{got}`: beside dout belongs what gamma multiplies in the forward (x_hat), nothing else",
        "zh": "它求和的是 `{got}`：与 dout 相乘的应是前向中 gamma 所乘的量（x_hat），别无其他"},
    "params_change_product_dgamma_mean": {
        "en": "it sums `{got}`, the batch mean where x - mean belongs: beside dout belongs x_hat, (x - mean) / std; "
              "an x - mean taken of something that already holds x - mean (a centred x kept in the cache, say) "
              "gives back the mean",
        "zh": "它求和的是 `{got}`，用了批次均值，而这里应是 x - mean：与 dout 相乘的应是 x_hat，即 (x - mean) / std；"
              "对一个已经是 x - mean 的量（比如 cache 中保存的已中心化的 x）再减一次均值，得到的就是均值本身"},
    "params_change_product_dgamma_stat": {
        "en": "it sums `{got}`, a statistic the forward normalises with (the mean, the variance or the std "
              "np.sqrt(var + eps)), where x_hat belongs: dgamma sums dout times what gamma multiplies in the forward, "
              "x_hat = (x - mean) / np.sqrt(var + eps)",
        "zh": "它求和的是 `{got}`，即前向归一化所用的一个统计量（均值、方差或标准差 np.sqrt(var + eps)），而这里应是 "
              "x_hat：dgamma 对 dout 乘以前向中 gamma 所乘的量求和，即 x_hat = (x - mean) / np.sqrt(var + eps)"},
    "params_change_product_dbeta": {
        "en": "it sums `{got}`: beta is added as it is, so dbeta sums dout with no other factor",
        "zh": "它求和的是 `{got}`：beta 是直接加上的，所以 dbeta 对 dout 求和，不乘任何其他因子"},
    "params_change_mean": {
        "en": "it is divided by {got}: a sum belongs there, not a mean",
        "zh": "它除以了 {got}：这里应求和，而不是求均值"},
    "dx_change_gamma_xhat": {
        "en": "dx_hat is x_hat * gamma where dout * gamma belongs: the gradient reaching x_hat is the upstream "
              "gradient dout times gamma",
        "zh": "dx_hat 是 x_hat * gamma，应为 dout * gamma：到达 x_hat 的梯度是上游梯度 dout 乘以 gamma"},
    "dx_change_gamma_tiled": {
        "en": "gamma is laid out along the flattened array (element k takes gamma[k % C]), not by channel: dx_hat "
              "takes each element's own channel's gamma, laid out as x's channels (1, C, 1, 1) before any reshape",
        "zh": "gamma 是沿展平后的数组排布的（第 k 个元素取 gamma[k % C]），而不是按通道：dx_hat 中每个元素应取它所在"
              "通道的 gamma，先按 x 的通道排成 (1, C, 1, 1)，再做任何 reshape"},
    "dx_change_gamma_beta": {
        "en": "dx_hat is dout * beta where dout * gamma belongs (did gamma and beta swap places, in the cache or in "
              "its unpacking?)",
        "zh": "dx_hat 是 dout * beta，应为 dout * gamma（gamma 和 beta 是否在缓存或解包时调换了位置？）"},
    # a backward judged against its own forward (grader.layer_patterns.with_own_forward, grader.dependants)
    "own_forward_marked": {
        "en": "{own}",
        "zh": "{own}"},
    "own_forward_mirror": {
        "en": "{own}",
        "zh": "{own}"},
    "own_forward_is_gradient": {
        "en": "Its dx is the exact gradient of your own {forward} (checked numerically on your forward): where it "
              "fails, your {forward}'s formula does.",
        "zh": "它的 dx 正是你自己的 {forward} 的精确梯度（用你的前向传播做数值检验得出）：它出错的地方，是你的 {forward} "
              "的公式出错。"},
    "own_forward_not_gradient": {
        "en": "Compare its dx with a numeric gradient of your own forward (eval_numerical_gradient_array) to find "
              "where.",
        "zh": "请把它的 dx 与你自己前向传播的数值梯度（eval_numerical_gradient_array）对比，找出错在哪里。"},
    # a wrapper's plumbing read with recorders in place of its root (grader.plumbing)
    "plumb_handed_mixed": {
        "en": "{opening} with {root} replaced by a stand-in that gives back what it is handed (so "
              "that only {function}'s own reshaping is read), {function} hands it {arrays}, "
              "and the values {root} takes as one set (each {set}) come from more than one {unit} of {a}. Each "
              "{set} must hold one {unit}'s values: {want}.",
        "zh": "{opening}把 {root} 换成原样返回输入的替身（只看 {function} 自己的 reshape）后，{function} 交给它"
              "{arrays}，而 {root} 作为一组处理的值（每一{set}）来自 {a} 的不止一个{unit}。每一{set}"
              "必须恰好是一个{unit}的值：{want}。"},
    "plumb_handed_part": {
        "en": "{opening} with {root} replaced by a stand-in that gives back what it is handed (so "
              "that only {function}'s own reshaping is read), {function} hands it {arrays}, "
              "and each {set} holds only part of one {unit}'s values (they vary along {along} of {a} (N, C, H, W) "
              "only), so {root} works on too few values at once. Each {set} must hold a whole {unit}: {want}.",
        "zh": "{opening}把 {root} 换成原样返回输入的替身（只看 {function} 自己的 reshape）后，{function} 交给它"
              "{arrays}，每一{set}只含一个{unit}的一部分值（它们只沿 {a} (N, C, H, W) 的 {along} "
              "变化），所以 {root} 一次处理的值太少。每一{set}必须是一个完整的{unit}：{want}。"},
    "plumb_back_order": {
        "en": "{opening} with that stand-in (and gamma 1, beta 0) {function} should return its input "
              "{a} unchanged, but it returns {a}'s values in another order (shape {shape}; {a} has shape {want}). "
              "Reshape to the shape you handed on first, then undo the transpose.",
        "zh": "{opening}用这个替身（且 gamma 为 1、beta 为 0）时，{function} 应当原样返回输入 {a}，但它返回的是 "
              "{a} 的值换了顺序（形状 {shape}；{a} 的形状是 {want}）。先 reshape 回你交出去时的形状，再把转置还原。"},
    "plumb_open_too": {"en": "Its own plumbing is wrong too:", "zh": "它自己的数据搬运也有错："},
    # a failing wrapper whose root passes its own tests (set K: x.reshape(C, -1) with no transpose, told only "check
    # the formula itself")
    "plumb_open_alone": {"en": "Your {root} passes its own tests, but {function}'s plumbing around it is wrong:",
                         "zh": "你的 {root} 通过了它自己的测试，但 {function} 在它外面的数据搬运有错："},
    "plumb_back_too": {"en": "Its way back is wrong too:", "zh": "它的还原步骤也有错："},
    "plumb_back_alone": {"en": "Your {root} passes its own tests, but {function}'s way back is wrong:",
                         "zh": "你的 {root} 通过了它自己的测试，但 {function} 的还原步骤有错："},
    # set K: a forward root handed a gamma or beta that is not one value per column of the array it normalises
    "plumb_gamma_shape": {
        "en": "{opening} {function} hands {root} {name} of shape {shape} with an array of shape {handed}, where "
              "{root} takes one {name} value per column, shape ({D},). {fix}",
        "zh": "{opening}{function} 交给 {root} 的 {name} 形状为 {shape}，而交给它的数组形状为 {handed}；{root} 的 "
              "{name} 是每列一个值，形状应为 ({D},)。{fix}"},
    # held-out set S: a group-norm backward's own dout * gamma, each value meeting another channel's gamma
    "plumb_dout_gamma_channels": {
        "en": "Its own plumbing is wrong too: {function} multiplies dout by gamma itself, and its values meet other "
              "channels' gamma than their own (as a reshape to (N * H * W, C) with no transpose first does, for one: it "
              "mixes channels and positions): multiply in dout's own (N, C, H, W) layout, by gamma of shape (1, C, 1, 1).",
        "zh": "它自己的数据搬运也有错：{function} 自己把 dout 乘以 gamma，而各个值乘上的是其他通道的 gamma，不是自己通道的"
              "（例如没有先转置就 reshape 成 (N * H * W, C)，就会把通道和位置混在一起）：请在 dout 本身的 (N, C, H, W) "
              "布局中相乘，gamma 的形状为 (1, C, 1, 1)。"},
    "plumb_gamma_fix_group": {
        "en": "Group norm's gamma and beta are per channel, not per column of that array: hand it np.ones({D}) and "
              "np.zeros({D}), and scale and shift its output, reshaped to (N, C, H, W), with gamma and beta.",
        "zh": "组归一化的 gamma 和 beta 是每个通道一个值，而不是那个数组的每列一个值：交给它 np.ones({D}) 和 "
              "np.zeros({D})，再把它的输出 reshape 成 (N, C, H, W) 后用 gamma 和 beta 缩放和平移。"},
    # set N: a gamma repeated to the rows' own shape, but in another order than the rows' values
    "plumb_gamma_order": {
        "en": "{opening} {function} hands {root} gamma repeated to the array's own shape, {shape}, but in another "
              "order than that array's values: along a row, x's values are in {rows} order while gamma's are in "
              "{gammas} order, so most values are scaled by another channel's gamma. {fix}",
        "zh": "{opening}{function} 交给 {root} 的 gamma 被重复成了那个数组本身的形状 {shape}，但排列顺序与数组中的值"
              "不同：沿着一行，x 的值是 {rows} 的顺序，而 gamma 的值是 {gammas} 的顺序，于是大多数值乘上的是别的通道的 "
              "gamma。{fix}"},
    "layout_hwc": {"en": "(h, w, c)", "zh": "(h, w, c)"},
    "layout_chw": {"en": "(c, h, w)", "zh": "(c, h, w)"},
    "plumb_gamma_order_fix_hwc": {
        "en": "Lay gamma and beta out as the rows are, the channel changing fastest (np.tile of each group's C // G "
              "values, H * W times), or hand it np.ones({D}) and np.zeros({D}) and scale and shift its output, "
              "reshaped to (N, C, H, W), with gamma and beta.",
        "zh": "按行的排列来排 gamma 和 beta，让通道变化最快（把每组的 C // G 个值用 np.tile 重复 H * W 次），或者交给它 "
              "np.ones({D}) 和 np.zeros({D})，再把它的输出 reshape 成 (N, C, H, W) 后用 gamma 和 beta 缩放和平移。"},
    "plumb_gamma_order_fix_chw": {
        "en": "Lay gamma and beta out as the rows are, each channel's value H * W times in a row (np.repeat of each "
              "group's C // G values, H * W times each), or hand it np.ones({D}) and np.zeros({D}) and scale and "
              "shift its output, reshaped to (N, C, H, W), with gamma and beta.",
        "zh": "按行的排列来排 gamma 和 beta，每个通道的值连续出现 H * W 次（把每组的 C // G 个值各用 np.repeat 重复 "
              "H * W 次），或者交给它 np.ones({D}) 和 np.zeros({D})，再把它的输出 reshape 成 (N, C, H, W) 后用 gamma "
              "和 beta 缩放和平移。"},
    "plumb_gamma_fix": {
        "en": "Hand it gamma and beta laid out as the columns of the array you hand it.",
        "zh": "交给它的 gamma 和 beta 要按你交给它的数组的列来排布。"},
    "plumb_raises": {
        "en": "It has a mistake of its own too: even with the functions it calls replaced by stand-ins, {function} "
              "raises {raised}.",
        "zh": "它自己也有错：即使把它调用的函数换成替身，{function} 仍抛出 {raised}。"},
    "plumb_arrays_one": {"en": "an array of shape {shape}", "zh": "一个形状为 {shape} 的数组"},
    "plumb_arrays_many": {"en": "{count} arrays of shape {shapes}", "zh": "{count} 个数组，形状 {shapes}"},
    "unit_channel": {"en": "channel", "zh": "通道"},
    "unit_group": {"en": "group of one sample", "zh": "组（单个样本的一组通道）"},
    "set_column": {"en": "column", "zh": "列"},
    "set_row": {"en": "row", "zh": "行"},
    "set_channel": {"en": "channel", "zh": "通道"},
    "plumb_want_unit_channel_column": {"en": "`{a}.transpose(0, 2, 3, 1).reshape(-1, C)`, columns = channels",
                                       "zh": "`{a}.transpose(0, 2, 3, 1).reshape(-1, C)`，每列是一个通道"},
    "plumb_want_unit_channel_row": {"en": "`{a}.transpose(1, 0, 2, 3).reshape(C, -1)`, rows = channels",
                                    "zh": "`{a}.transpose(1, 0, 2, 3).reshape(C, -1)`，每行是一个通道"},
    "plumb_want_unit_channel_channel": {"en": "`{a}` itself", "zh": "`{a}` 本身"},
    "plumb_want_unit_group_row": {"en": "`{a}.reshape(N * G, -1)`, rows = (sample, group)",
                                  "zh": "`{a}.reshape(N * G, -1)`，每行是一个（样本，组）"},
    "plumb_want_unit_group_column": {"en": "`{a}.reshape(N * G, -1).T`, columns = (sample, group)",
                                     "zh": "`{a}.reshape(N * G, -1).T`，每列是一个（样本，组）"},
    "plumb_want_unit_group_channel": {"en": "`{a}.reshape(1, N * G, -1, W)`, channels = (sample, group)",
                                      "zh": "`{a}.reshape(1, N * G, -1, W)`，每个通道是一个（样本，组）"},
    "depends_also_own": {
        "en": "Your {function} also has a mistake of its own: it fails on cases where your {forward}'s out is right, "
              "and its dx is not the gradient of your {forward}'s output (checked numerically on your forward). ",
        "zh": "你的 {function} 还有它自己的错误：在你的 {forward} 的 out 正确的用例上它也失败，而且它的 dx 不是你的 "
              "{forward} 输出的梯度（用你的前向传播做数值检验得出）。"},
    "depends_also_own_cache": {
        "en": "Your {function} also has a mistake of its own: its dx is neither the gradient of your {forward}'s "
              "output nor what the textbook backward computes from the statistics your {forward} normalised with "
              "(both checked numerically on your forward). ",
        "zh": "你的 {function} 还有它自己的错误：它的 dx 既不是你的 {forward} 输出的梯度，也不是教科书的反向传播用你的 "
              "{forward} 归一化所用的统计量算出的结果（两者都用你的前向传播做数值检验得出）。"},
    "depends_mirror": {
        "en": "Your {function} repeats that mistake: its dx is the exact gradient of your own {forward} (checked "
              "numerically on your forward), so it carries that forward's mistake. As {forward}'s hint reads it: "
              "{what} Once you fix {forward}, change {function} the same way where it computes that step itself "
              "(what it takes from the cache follows the forward), or it will still fail.",
        "zh": "你的 {function} 重复了同一个错误：它的 dx 正是你自己的 {forward} 的精确梯度（用你的前向传播做数值检验"
              "得出），所以带着那个前向传播的错误。按 {forward} 的提示：{what} 修正 {forward} 之后，凡是 {function} "
              "自己计算这一步的地方，也要用同样的方式修改（从 cache 中取得的部分会随前向传播一起改正），否则它仍会失败。"},
    "depends_mirror_unread": {
        "en": "Your {function} repeats that mistake: its dx is the exact gradient of your own {forward} (checked "
              "numerically on your forward), so it carries that forward's mistake (see {forward}'s hint). Once you "
              "fix {forward}, change {function} the same way where it computes that step itself (what it takes from "
              "the cache follows the forward), or it will still fail.",
        "zh": "你的 {function} 重复了同一个错误：它的 dx 正是你自己的 {forward} 的精确梯度（用你的前向传播做数值检验"
              "得出），所以带着那个前向传播的错误（见 {forward} 的提示）。修正 {forward} 之后，凡是 {function} "
              "自己计算这一步的地方，也要用同样的方式修改（从 cache 中取得的部分会随前向传播一起改正），否则它仍会失败。"},
    "depends_mirror_cache": {
        "en": "Your {function}'s dx is the exact gradient of your own {forward} (checked numerically on your "
              "forward), and it takes what it divides by from {forward}'s cache (it takes no square root of its own), "
              "so it follows that forward: once you fix {forward}, {function} needs no change of its own for this.",
        "zh": "你的 {function} 的 dx 正是你自己的 {forward} 的精确梯度（用你的前向传播做数值检验得出），而它所除的量"
              "取自 {forward} 的 cache（它自己不开平方根），所以它跟随那个前向传播：修正 {forward} 之后，"
              "{function} 无需为此单独修改。"},
    "depends_mirror_own": {
        "en": "Your {function} repeats a mistake of that forward which its hint does not name: its dx is the exact "
              "gradient of your own {forward} (checked numerically on your forward). What {function}'s own numbers "
              "show: {what} Once you fix {forward}, change {function} the same way where it computes that step "
              "itself (what it takes from the cache follows the forward), or it will still fail.",
        "zh": "你的 {function} 重复了那个前向传播中一个它的提示没有指出的错误：它的 dx 正是你自己的 {forward} 的精确"
              "梯度（用你的前向传播做数值检验得出）。{function} 自己的数值显示：{what} 修正 {forward} 之后，凡是 "
              "{function} 自己计算这一步的地方，也要用同样的方式修改（从 cache 中取得的部分会随前向传播一起改正），"
              "否则它仍会失败。"},
    "dropout_backward_mirror_cache": {
        "en": "Where your {forward} raised, your {function} ran on the documented cache (dropout_param, mask), the "
              "mask a right {forward} stores (1 / p at kept units, 0 at dropped ones), and {how} Take the mask "
              "as it is handed to you, not the way your {forward} drops units.",
        "zh": "在你的 {forward} 抛出异常的用例上，你的 {function} 用的是文档规定的 cache (dropout_param, mask)，即"
              "正确的 {forward} 所存的掩码（保留的单元为 1 / p，丢弃的为 0），而它{how}请照原样使用传给你的掩码，"
              "而不是按你的 {forward} 丢弃单元的方式来处理。"},
    "dropout_mirror_raised": {
        "en": "raised {raised} there.",
        "zh": "在那里抛出了 {raised}。"},
    "dropout_mirror_wrong": {
        "en": "its dx is wrong there.",
        "zh": "在那里算出的 dx 是错的。"},
    "depends_also_cache_dropout": {
        "en": "Once you fix {forward}'s draw, your {function} will still fail. ",
        "zh": "即使修正了 {forward} 的掩码抽取，你的 {function} 仍会失败。"},
    "depends_also_forward_free": {
        "en": "Your {function} also has a mistake of its own, which no forward explains: ",
        "zh": "你的 {function} 还有它自己的错误，与前向传播无关："},
    "depends_also_call_arguments": {
        "en": "Its call of {root} is wrong too, whatever {root} computes: {function} raised {raised} (hand {root} "
              "the arguments it takes).",
        "zh": "它对 {root} 的调用也有错，与 {root} 算得对不对无关：{function} 抛出了 {raised}（按 {root} 所需的参数"
              "传给它）。"},
    "depends_also_source": {
        "en": "Your {function} also has a mistake of its own, read from its code: ",
        "zh": "从代码看，你的 {function} 还有它自己的错误："},
    "depends_also_params_shape": {
        "en": "Your {function} also has a mistake of its own, whatever its forward caches: its {output} has shape "
              "{got}, where one value per channel belongs, shaped like {param} {want}: sum over every axis but the "
              "channels'.",
        "zh": "无论它的前向传播缓存了什么，你的 {function} 还有它自己的错误：它的 {output} 形状是 {got}，而应当每个通道"
              "一个值，形状与 {param} 相同 {want}：请对除通道轴以外的所有轴求和。"},
    "depends_also_params_shape_callee": {
        "en": "Your {function} also has a mistake of its own: {root}'s {output} passes its own checks, yet your "
              "{function}'s {output} has shape {got}, where one value per entry of {param} belongs, shape {want}: "
              "what it hands {root}, or the axis it sums over, gives one value per entry of another axis (sum over "
              "every axis but {param}'s).",
        "zh": "你的 {function} 还有它自己的错误：{root} 的 {output} 通过了它自己的检查，但你的 {function} 的 {output} "
              "形状是 {got}，而应当 {param} 的每个元素对应一个值，形状为 {want}：它交给 {root} 的数组或它求和所沿的轴"
              "使得每个值对应另一个轴上的一个位置（请对除 {param} 所在轴以外的所有轴求和）。"},
    "norm_want_batchnorm_forward": {
        "en": "batch norm takes each feature's mean and variance over the batch (axis=0)",
        "zh": "批归一化对每个特征在批次上计算均值和方差（axis=0）"},
    "norm_want_layernorm_forward": {
        "en": "layer norm takes each sample's mean and variance over its features (axis=1)",
        "zh": "层归一化对每个样本在它的特征上计算均值和方差（axis=1）"},
    "norm_want_spatial_batchnorm_forward": {
        "en": "spatial batch norm takes each channel's mean and variance over N, H and W together (axis=(0, 2, 3), "
              "shape (C,))",
        "zh": "空间批归一化对每个通道在 N、H、W 上一起计算均值和方差（axis=(0, 2, 3)，形状是 (C,)）"},
    "norm_want_spatial_groupnorm_forward": {
        "en": "group norm takes each sample's and group's mean and variance over the group's channels and all of H "
              "and W together (axis=(2, 3, 4) of x.reshape(N, G, C // G, H, W))",
        "zh": "组归一化对每个样本的每个组，在该组的通道和全部 H、W 上一起计算均值和方差"
              "（对 x.reshape(N, G, C // G, H, W) 取 axis=(2, 3, 4)）"},
    "rule_sbn_stats_per_position": {
        "en": "Your {function}'s statistics have one value per (c, h, w) position (a (C, H, W) array meets a (C,) "
              "one here): a mean over axis=0 of the 4-D x averages each position over the batch alone. Spatial "
              "batch norm takes each channel's mean and variance over N, H and W together (axis=(0, 2, 3), "
              "shape (C,)).",
        "zh": "你的 {function} 的统计量每个 (c, h, w) 位置各有一个值（这里一个 (C, H, W) 的数组遇上了一个 (C,) "
              "的数组）：对 4 维的 x 取 axis=0 的均值，只是把每个位置在批次上平均。空间批归一化对每个通道在 N、H、W "
              "上一起计算均值和方差（axis=(0, 2, 3)，形状是 (C,)）。"},
    "pattern_other_convention": {
        "en": "Given gamma and beta of shape (C,), as some years' docstrings have them, it runs, and: {reading}",
        "zh": "把 gamma 和 beta 按有些年份文档的写法给成 (C,) 形状时，它能运行，而且：{reading}"},
    "rule_sbn_transposed": {
        "en": "bn_param's running averages have one value per channel, ({c},), and meet here a statistic of {nhw} "
              "values, N * H * W: the array your {function} hands batch norm is (C, N * H * W), so batch norm averages "
              "each of its N * H * W columns over the C rows, every position over the channels. Hand it (N * H * W, C), "
              "one column per channel: x.transpose(0, 2, 3, 1).reshape(-1, C), and on the way back "
              "out.reshape(N, H, W, C).transpose(0, 3, 1, 2).",
        "zh": "bn_param 中的滑动平均每个通道一个值，形状是 ({c},)，而这里遇上了一个有 {nhw} 个值（N * H * W）的统计量：你的 "
              "{function} 交给批归一化的数组是 (C, N * H * W)，于是批归一化把它的 N * H * W 列各自在 C 行上求平均，"
              "也就是每个位置在各通道之间求平均。应交给它 (N * H * W, C)，每个通道一列：x.transpose(0, 2, 3, 1)."
              "reshape(-1, C)，返回时再 out.reshape(N, H, W, C).transpose(0, 3, 1, 2)。"},
    "rule_sbn_columns_not_channels": {
        "en": "bn_param's running averages have one value per channel, (C,), and meet here a statistic of another "
              "length: the array whose columns your {function} averaged is not (N * H * W, C) (a slice per channel, "
              "or a reshape that keeps H and W apart, averages each position on its own). Spatial batch norm "
              "averages each channel over N, H and W: x.transpose(0, 2, 3, 1).reshape(-1, C), then batch norm, then "
              "back.",
        "zh": "bn_param 中的滑动平均每个通道一个值，形状是 (C,)，而这里遇上了一个长度不同的统计量：你的 {function} "
              "求均值所用数组的列并不是 (N * H * W, C)（按通道切片，或者 reshape 时把 H 和 W 分开保留，都会让每个位置"
              "单独求平均）。空间批归一化对每个通道在 N、H、W 上求平均：x.transpose(0, 2, 3, 1).reshape(-1, C)，"
              "再做批归一化，然后变换回来。"},
    "pattern_norm_backward_not_transposed_back": {
        "en": "Your {function}'s dx holds the right values in the wrong places: read back as {fix}, it sums to zero "
              "over each group of normalised values as it must. It was computed in a transposed layout {layout} "
              "and reshaped to (N, C, H, W) without transposing it back first.",
        "zh": "你的 {function} 的 dx 数值是对的，位置却错了：按 {fix} 读回来，它在每组被归一化的值上求和为零，正如应有的"
              "那样。它是在转置后的布局 {layout} 中算出来的，却没有先转置回来就 reshape 成了 (N, C, H, W)。"},
}

# A case's label is data shared by the hidden and the public tests (``x (2, 3, 7, 7), stride 1, pad 1``): shapes
# and parameter names stay as they are, and these few phrases are worded when the label is shown.
_LABEL_PHRASES = ("label_with_seed", "label_logits_large", "label_projection", "label_identity", "label_bn_defaults")


def case_label(label: str, lang: str = "en") -> str:
    """A case's label as shown to a student in ``lang``."""
    for key in _LABEL_PHRASES:
        label = label.replace(MESSAGES[key]["en"], translate(key, lang))
    return label

_MATCHES = " matches the reference"


def messages_with_prefix(prefix: str) -> dict[str, dict[str, str]]:
    """The messages whose key starts with ``prefix``, keyed without it (a module's own view of the table)."""
    return {key[len(prefix):]: entry for key, entry in MESSAGES.items() if key.startswith(prefix)}


def check_label(name: str, lang: str = "en", failed: bool = False) -> str:
    """A check's name (scoring's English words) in ``lang``: '{output} matches the reference' for any output, or
    '{output} does not match the reference' when ``failed`` (a line that says "matches" beside "failed" reads as a
    contradiction); a property output (``label_{output}`` in MESSAGES) is said in its own words."""
    if name in MESSAGES:
        return translate(name, lang)
    if name.endswith(_MATCHES):
        output = name[:-len(_MATCHES)]
        if f"label_{output}" in MESSAGES:
            return translate(f"label_{output}_failed" if failed else f"label_{output}", lang)
        key = "differs_from_reference" if failed else "matches_reference"
        return translate(key, lang, output=output)
    return name


def translate(key: str, lang: str = "en", **fields) -> str:
    """The message ``key`` in ``lang`` (English when unknown), formatted with ``fields``; the key if missing."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    if "{train_output}" in text and "function" in fields and "train_output" not in fields:
        # layer norm and group norm have no train mode: their output is just that
        modeless = str(fields["function"]).startswith(("layernorm", "spatial_groupnorm"))
        fields = dict(fields, train_output=TRAIN_OUTPUT[lang == "zh"][modeless])
    return text.format(**fields) if fields else text


# "{function}'s {train_output}": a forward's train-mode output, or (layer norm, group norm) its output
TRAIN_OUTPUT = {False: ("train-mode output", "output"), True: ("在训练模式下的输出", "的输出")}


class EnglishView:
    """Read a sentence not worded yet as its English wording, as logs, exceptions and tests do (``"bias" in
    check.hint``, ``check.message.splitlines()``). Writers never rely on it: they word with ``render``."""

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def splitlines(self, *args) -> list[str]:
        return str(self).splitlines(*args)

    def startswith(self, *args) -> bool:
        return str(self).startswith(*args)

    def lower(self) -> str:
        return str(self).lower()

    def strip(self, *args) -> str:
        return str(self).strip(*args)

    def split(self, *args) -> list[str]:
        return str(self).split(*args)


@dataclasses.dataclass(frozen=True)
class Text(EnglishView):
    """A sentence not worded yet: its message key and its fields (which may be Texts themselves).

    Code that judges (scoring, comparing, diagnosing, reading a submission) returns Texts; the writers word them
    once, at the end, in each language asked (``render``), so one grading gives every language. ``str()`` gives the
    English wording (logs, exceptions). Where a sentence quotes the student's own line or numbers, those are fields.
    """

    key: str
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return translate(self.key, lang, **{k: render(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.render("en")


@dataclasses.dataclass(frozen=True)
class Joined(EnglishView):
    """Several parts (Texts, plain strings such as a student's line, other Joined) worded one after the other,
    separated by ``sep``: a hint and its file:line on the next line, a message's lines. Empty parts are left out."""

    parts: tuple = ()
    sep: str = ""

    def render(self, lang: str = "en") -> str:
        return self.sep.join(str(render(p, lang)) for p in self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return self.render("en")


@dataclasses.dataclass(frozen=True)
class CaseLabel(EnglishView):
    """A case's label (data shared by the hidden and the public tests), its few phrases worded when rendered."""

    label: str

    def render(self, lang: str = "en") -> str:
        return case_label(self.label, lang)

    def __str__(self) -> str:
        return self.render("en")


@dataclasses.dataclass(frozen=True)
class Excerpt(EnglishView):
    """The worst elements of a comparison (grader.compare) as aligned lines: index, the student's value, the
    expected one, under headings whose widths differ with the language (so aligned when worded)."""

    rows: tuple
    count: int

    def render(self, lang: str = "en") -> str:
        head = tuple(translate(key, lang) for key in ("cmp_index", "cmp_yours", "cmp_expected"))
        rows = [tuple(r) for r in self.rows]
        widths = [max(_width(r[k]) for r in [head, *rows]) for k in range(3)]
        out = [translate("cmp_worst", lang, shown=len(rows), count=self.count)]
        for row in [head, *rows]:
            out.append("  " + "  ".join(cell + " " * (widths[k] - _width(cell)) for k, cell in enumerate(row)).rstrip())
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render("en")


def _width(text: str) -> int:
    """Columns a terminal gives ``text`` (a CJK character takes two)."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclasses.dataclass(frozen=True)
class FirstSentence(EnglishView):
    """The first sentence of ``value``'s first line, once worded (a pointer to a hint shown in full elsewhere):
    sentences end differently in each language, so it is cut after wording."""

    value: Any

    def render(self, lang: str = "en") -> str:
        import re
        worded = str(render(self.value, lang) or "")
        return re.split(r"(?<=\.)\s+|(?<=。)", worded.split("\n")[0], maxsplit=1)[0]

    def __str__(self) -> str:
        return self.render("en")


@dataclasses.dataclass(frozen=True)
class Worded(EnglishView):
    """A sentence that arrives worded in each language (a public-tests index written before hints had keys)."""

    texts: tuple  # ((lang, text), ...)

    def render(self, lang: str = "en") -> str:
        texts = dict(self.texts)
        return texts.get(lang) or texts.get("en", "")

    def __str__(self) -> str:
        return self.render("en")


WORDABLE = (Text, Joined, CaseLabel, Excerpt, FirstSentence, Worded)


def text(key: str, **fields) -> Text:
    """A Text for ``key`` with ``fields``."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in grader.i18n.MESSAGES")
    return Text(key, fields)


def join(sep: str, *parts) -> "Joined | Text | str":
    """``parts`` (the empty ones left out) to be worded with ``sep`` between them; a single part as it is."""
    kept = []
    for part in parts:
        if isinstance(part, Joined) and part.sep == sep:
            kept += part.parts  # flat, so that the first sentence of a hint is its first part
        elif part:
            kept.append(part)
    if not kept:
        return ""
    return kept[0] if len(kept) == 1 else Joined(tuple(kept), sep)


def lines(*parts):
    """``parts`` on lines of their own (the empty ones left out)."""
    return join("\n", *parts)


def code_names(names) -> str:
    """``names`` (outputs or inputs of a function) as code, ```dx`, `dgamma```: a list of bare names reads as English
    words in a zh sentence (``dgamma, dbeta``), one in backticks never does."""
    return ", ".join(f"`{name}`" for name in names)


def first_part(value):
    """The first sentence of a joined value (its first part, recursively), or the value itself."""
    while isinstance(value, Joined) and value.parts:
        value = value.parts[0]
    return value


def map_strings(value, fn):
    """``value`` with ``fn`` applied to every plain string in it (a Text's fields, a Joined's parts, a label)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, Text):
        return Text(value.key, {k: map_strings(v, fn) for k, v in value.fields.items()})
    if isinstance(value, Joined):
        return Joined(tuple(map_strings(p, fn) for p in value.parts), fn(value.sep))
    if isinstance(value, CaseLabel):
        return CaseLabel(fn(value.label))
    if isinstance(value, FirstSentence):
        return FirstSentence(map_strings(value.value, fn))
    if isinstance(value, (list, tuple)):
        return type(value)(map_strings(v, fn) for v in value)
    return value


def render(value, lang: str = "en"):
    """``value`` worded in ``lang`` when it is a Text or Joined; anything else (numbers, plain strings) unchanged."""
    return value.render(lang) if isinstance(value, WORDABLE) else value


def english(value) -> str:
    """``value`` worded in English: the canonical form the judging compares texts by (never shown as such)."""
    return str(render(value, "en") or "")


# report.json keeps the codes of every sentence (key and fields), so a report read back is worded in any language.
def to_code(value):
    """A JSON-able code of ``value``: {"key", "fields"} for a Text, {"join", "parts"} for a Joined, tuples tagged
    (a shape prints as (2, 3), not [2, 3]), numpy scalars as Python numbers."""
    if isinstance(value, Text):
        return {"key": value.key, "fields": {k: to_code(v) for k, v in value.fields.items()}}
    if isinstance(value, Joined):
        return {"join": value.sep, "parts": [to_code(p) for p in value.parts]}
    if isinstance(value, CaseLabel):
        return {"case": value.label}
    if isinstance(value, Worded):
        return {"worded": dict(value.texts)}
    if isinstance(value, FirstSentence):
        return {"first_sentence": to_code(value.value)}
    if isinstance(value, Excerpt):
        return {"excerpt": [list(r) for r in value.rows], "count": value.count}
    if isinstance(value, tuple):
        return {"tuple": [to_code(v) for v in value]}
    if isinstance(value, list):
        return [to_code(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar
        return value.item()
    return value


def from_code(code):
    """The value ``to_code`` gave ``code`` for."""
    if isinstance(code, dict):
        if "key" in code and "fields" in code:
            return Text(code["key"], {k: from_code(v) for k, v in code["fields"].items()})
        if "join" in code and "parts" in code:
            return Joined(tuple(from_code(p) for p in code["parts"]), code["join"])
        if "worded" in code:
            return Worded(tuple(code["worded"].items()))
        if "first_sentence" in code:
            return FirstSentence(from_code(code["first_sentence"]))
        if "excerpt" in code:
            return Excerpt(tuple(tuple(r) for r in code["excerpt"]), code["count"])
        if "case" in code and len(code) == 1:
            return CaseLabel(code["case"])
        if "tuple" in code:
            return tuple(from_code(v) for v in code["tuple"])
    if isinstance(code, list):
        return [from_code(v) for v in code]
    return code


LANGS = ("en", "zh")


def parse_langs(value: str | list | tuple | None) -> list[str]:
    """The languages asked for, in order: ``zh,en`` gives ["zh", "en"]; one language, or none (from the locale:
    ``detect_lang``), gives a list of one.

    Raises:
        ValueError: a language other than en and zh.
    """
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    if not value:
        return [detect_lang()]
    langs = []
    for part in str(value).split(","):
        part = part.strip().lower()
        lang = "zh" if part.startswith("zh") else part
        if lang not in LANGS:
            raise ValueError(f"unknown language {part!r}: use en, zh, or both (zh,en)")
        if lang not in langs:
            langs.append(lang)
    return langs


def detect_lang(explicit: str | None = None) -> str:
    """``explicit`` if given, else CONVKIT_LANG, else ``zh`` for a Chinese locale, else ``en``."""
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("CONVKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
