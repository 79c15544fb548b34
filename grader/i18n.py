"""Student-facing words in English and Simplified Chinese (the course is taught in Chinese)."""
from __future__ import annotations

import dataclasses
import os
from typing import Any

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
    "submit_stopped": {"en": "{name} stopped on an error: {error}", "zh": "{name} 运行时因错误而中断：{error}"},
    "submit_unanswered": {"en": "{missing} of {total} Inline Questions have no answer: {which}",
                          "zh": "{total} 道 Inline Question 中有 {missing} 道还没有回答：{which}"},
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
    # a failing comparison, in numpy.testing's order (grader.compare)
    "cmp_header": {"en": "Not equal to tolerance rtol={rtol:g}, atol={atol:g} ({what})",
                   "zh": "超出容差 rtol={rtol:g}, atol={atol:g}（{what}）"},
    "cmp_shapes": {"en": "(shapes {actual}, {desired} mismatch)", "zh": "（形状不一致：{actual}，{desired}）"},
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
    "cmp_actual": {"en": " ACTUAL: {values}", "zh": " 实际值：{values}"},
    "cmp_desired": {"en": " DESIRED: {values}", "zh": " 期望值：{values}"},
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
