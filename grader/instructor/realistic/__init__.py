"""Realistic submissions: whole layers.py files in the style of real students (several mistakes in one file,
asserts that the layer fits, Python 2 leftovers, vectorised variants), each annotated with the mistake a reader
would name. INSTRUCTOR SIDE: ``make verify-grader`` grades them and prints the naming rate.

Each ``<name>.py`` here holds the student's versions of the conv and pool functions; ``build`` writes them into a
copy of the reference ``layers.py`` (the functions the student got right elsewhere), making a whole file.
``SUITE`` says, per file and function, what a reader names: a catalog mistake, an exception rule, ``probe:<pattern>``
(grader.probing), ``fast_layers`` (grader.fastcheck), a message of grader.i18n (a case pattern of
grader.layer_patterns, a mistake read from the source, ``depends_on``), or ``correct`` (the function must earn every
point).
"""
from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent

SUITE: dict[str, dict[str, list[str]]] = {
    "py2_leftovers": {"conv_forward_naive": ["true_division_sizes"], "conv_backward_naive": ["xrange_python2"],
                      "max_pool_forward_naive": ["correct"], "max_pool_backward_naive": ["pool_mask_assign"]},
    "pad_zero": {"conv_forward_naive": ["pad_slice_assign_at_pad_0"], "conv_backward_naive": ["pad_minus_pad_slice"],
                 "max_pool_forward_naive": ["pool_stride_is_pool_size"], "max_pool_backward_naive": ["correct"]},
    "square_inputs": {"conv_forward_naive": ["probe:height_for_width_output"], "conv_backward_naive": ["correct"],
                      "max_pool_forward_naive": ["probe:height_for_width_window"],
                      "max_pool_backward_naive": ["unravel_with_pool_height"]},
    "fast_shortcut": {"conv_forward_naive": ["fast_layers"], "conv_backward_naive": ["correct"],
                      "max_pool_forward_naive": ["pool_np_int_sizes"],
                      "max_pool_backward_naive": ["pool_backward_stride_is_pool_size"]},
    "two_mistakes": {"conv_forward_naive": ["np_lib_pad"],
                     "conv_backward_naive": ["dx_assign_not_accumulate", "db_mean"],
                     "max_pool_forward_naive": ["xrange"], "max_pool_backward_naive": ["correct"]},
    "vectorised": {"conv_forward_naive": ["correct"], "conv_backward_naive": ["dw_from_unpadded_x"],
                   "max_pool_forward_naive": ["max_across_channels"],
                   "max_pool_backward_naive": ["gradient_to_whole_window"]},
    # issue 19: loop bounds from the wrong array, and dropout and the normalisations as real students write them
    "loop_bounds": {"conv_backward_naive": ["src_dout_shape_as_input", "pad_minus_pad_slice"],
                    "max_pool_forward_naive": ["src_range_input_stride"]},
    "norm_2016_style": {"dropout_forward": ["dropout_drops_with_p"], "dropout_backward": ["correct"],
                        "batchnorm_forward": ["bn_test_eps_outside_sqrt"], "batchnorm_backward": ["correct"],
                        "batchnorm_backward_alt": ["correct"], "spatial_batchnorm_forward": ["depends_on"]},
    "norm_shapes": {"dropout_forward": ["dropout_mask_shape"], "batchnorm_forward": ["correct"],
                    "spatial_groupnorm_forward": ["gn_stats_per_position"],
                    "spatial_groupnorm_backward": ["depends_on", "depends_mirror"]},
    # issue 19, second round: what the first round's held-out set showed, and the momentum and eps probes
    "norm_hardcoded": {"dropout_forward": ["src_dropout_randn"], "dropout_backward": ["correct"],
                       "batchnorm_forward": ["probe_norm_momentum_ignored", "probe_norm_constant_feature",
                                             "src_momentum_hardcoded"],
                       "spatial_batchnorm_forward": ["src_eps_hardcoded"]},
    "norm_backward_counts": {"batchnorm_backward": ["correct"], "batchnorm_backward_alt": ["src_sum_without_axis"],
                             "layernorm_backward": ["dx_terms_intro", "dx_term_mean", "dx_change_missing"],
                             "spatial_batchnorm_backward": ["sbn_backward_count_n"]},
    # a further held-out set (E) showed eps going astray in ways only the numbers show
    "norm_eps_readings": {"batchnorm_forward": ["pattern_eps_not_read"], "layernorm_forward": ["pattern_eps_twice"],
                          "spatial_batchnorm_forward": ["pattern_sbn_per_sample"]},
    "norm_recomputed": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["pattern_dgamma_eps_missing"]},
    # issue 19, third round: several mistakes in one function, each named (D and E's two misses)
    "norm_several": {"dropout_forward": ["xrange", "dropout_keeps_1_minus_p", "dropout_mask_per_sample",
                                         "diag_not_run_after"],
                     "spatial_batchnorm_forward": ["probe_norm_momentum_ignored", "pattern_test_without_gamma_beta",
                                                   "src_eps_hardcoded", "src_momentum_hardcoded"]},
    # a third held-out set (F) showed running averages and test modes going astray in ways only the numbers show
    # issue 19, fourth round: statistics over the wrong values, a dx not transposed back (set F's misses)
    "norm_positions": {"spatial_batchnorm_forward": ["rule_sbn_stats_per_position"],
                       "spatial_groupnorm_forward": ["pattern_other_convention", "norm_over_group_channels"]},
    # issue 19, fourth round, learning set L: a right mask drawn another way, batch norm run per channel
    "norm_draws": {"dropout_forward": ["correct"],
                   "spatial_batchnorm_forward": ["rule_sbn_columns_not_channels"]},
    "norm_std": {"batchnorm_forward": ["mistake_bn_running_var_from_std", "pattern_test_without_sqrt_no_eps"]},
    "norm_transposed": {"spatial_groupnorm_forward": ["correct"],
                        "spatial_groupnorm_backward": ["pattern_norm_backward_not_transposed_back"]},
    # issue 19, held-out set G's misses: formulas matched on the student's own output, slips in simplified backwards
    "norm_whole": {"batchnorm_forward": ["pattern_norm_form", "form_axes_none"],
                   "layernorm_forward": ["pattern_norm_form", "form_axes_none"],
                   "spatial_groupnorm_forward": ["pattern_norm_form", "form_axes_grouped", "form_no_parentheses"]},
    "norm_simplified": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["pattern_norm_backward_x_minus_var"],
                        "layernorm_forward": ["correct"],
                        "layernorm_backward": ["pattern_norm_backward_gamma_outside_sums"]},
    "norm_eps_root": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_eps_outside_sqrt"]},
    "norm_gn_layout": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_transposed_not_back"]},
    "norm_own_backward": {"layernorm_forward": ["pattern_norm_form", "form_axes_none"],
                          "layernorm_backward": ["depends_on", "depends_also_own", "dx_terms_intro",
                                                 "dx_change_axes"]},
    # held-out set H: a right backward under a forward with eps outside the square root is no mistake of its own
    "norm_eps_dependant": {"layernorm_forward": ["mistake_bn_eps_outside_sqrt"], "layernorm_backward": ["depends_on"]},
    "norm_cache_order": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                         "batchnorm_backward_alt": ["src_cache_order"], "layernorm_forward": ["correct"],
                         "layernorm_backward": ["src_cache_order"]},
    "norm_backward_slips": {"batchnorm_forward": ["correct"],
                            "batchnorm_backward_alt": ["pattern_norm_backward_var_for_std"],
                            "layernorm_forward": ["correct"], "layernorm_backward": ["src_eps_hardcoded"]},
    "norm_ln_batch_formula": {"layernorm_forward": ["correct"],
                              "layernorm_backward": ["pattern_ln_backward_batch_formula"]},
    "norm_sbn_order": {"spatial_batchnorm_forward": ["src_sbn_reshape_before_transpose"]},
    "norm_sbn_columns": {"spatial_batchnorm_forward": ["src_sbn_column_per_channel"]},
    "norm_three_slips": {"batchnorm_forward": ["pattern_running_var_with_eps", "bn_test_without_eps",
                                              "pattern_test_minus_beta"]},
    "norm_eps_typed_backward": {"spatial_groupnorm_forward": ["correct"],
                                "spatial_groupnorm_backward": ["src_eps_assigned"]},
    "norm_gn_per_group": {"spatial_groupnorm_forward": ["correct"],
                          "spatial_groupnorm_backward": ["pattern_gn_params_per_group"]},
    # issue 19, sixth round: a backward's dx read term by term against the textbook's (grader.dx_terms)
    "norm_terms": {"layernorm_forward": ["correct"],
                   "layernorm_backward": ["dx_terms_intro", "dx_term_both", "dx_change_count",
                                          "params_terms_intro", "params_change_mean"],
                   "spatial_groupnorm_forward": ["correct"],
                   "spatial_groupnorm_backward": ["dx_terms_intro", "dx_change_scale", "dx_term_both",
                                                  "dx_change_count"],
                   "spatial_batchnorm_forward": ["correct"],
                   "spatial_batchnorm_backward": ["dx_terms_intro", "dx_change_gamma_missing"],
                   "batchnorm_forward": ["correct"], "batchnorm_backward": ["src_cache_order"],
                   "batchnorm_backward_alt": ["dx_terms_intro", "dx_change_t3", "dx_term_var",
                                              "dx_change_factor"]},
    "norm_gn_reshaped": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_reshaped_not_transposed"]},
    "norm_no_sqrt": {"layernorm_forward": ["pattern_norm_form", "form_no_sqrt"]},
    "norm_running": {"dropout_forward": ["pattern_4d_only", "dropout_keeps_1_minus_p"],
                     "batchnorm_forward": ["pattern_running_var_with_eps"],
                     "batchnorm_backward": ["pattern_norm_backward_variance_path"],
                     "layernorm_forward": ["src_eps_key", "mistake_bn_eps_outside_sqrt"],
                     "spatial_batchnorm_forward": ["pattern_running_updated_twice", "pattern_test_without_sqrt"]},
    # issue 19, seventh round (sets H and I): a wrapper's own plumbing under a failing root, read with recorders in
    # place of the root (grader.plumbing); a right wrapper keeps "depends on" alone
    "norm_plumb_no_transpose": {"batchnorm_forward": ["pattern_norm_form"],
                                "spatial_batchnorm_forward": ["depends_on", "plumb_handed_mixed"],
                                "spatial_batchnorm_backward": ["depends_on", "plumb_handed_mixed"],
                                "spatial_groupnorm_forward": ["depends_on", "plumb_raises"]},
    "norm_plumb_per_channel": {"batchnorm_forward": ["mistake_bn_eps_outside_sqrt"],
                               "spatial_batchnorm_forward": ["depends_on", "rule_xrange", "plumb_handed_part"],
                               "spatial_batchnorm_backward": ["depends_on", "plumb_handed_part"]},
    "norm_plumb_mirrored": {"batchnorm_forward": ["correct"],
                            "spatial_batchnorm_forward": ["mistake_sbn_reshape_without_transpose"],
                            "spatial_batchnorm_backward": ["depends_on", "plumb_handed_mixed"]},
    "norm_plumb_gn_instance": {"layernorm_forward": ["mistake_bn_eps_outside_sqrt"],
                               "spatial_groupnorm_forward": ["depends_on", "plumb_handed_part"],
                               "spatial_groupnorm_backward": ["depends_on", "plumb_handed_part"],
                               "batchnorm_forward": ["mistake_bn_eps_outside_sqrt"],
                               "spatial_batchnorm_forward": ["depends_on", "plumb_back_order"]},
    # set K: a wrapper that fails over a root that passes, told only "check the formula itself" before: its
    # plumbing read with the recorder too
    "norm_plumb_alone": {"batchnorm_forward": ["correct"], "layernorm_forward": ["correct"],
                         "spatial_batchnorm_forward": ["plumb_open_alone", "plumb_handed_mixed", "plumb_back_order"],
                         "spatial_groupnorm_forward": ["plumb_open_alone", "plumb_handed_mixed"]},
    "norm_plumb_gamma": {"layernorm_forward": ["mistake_bn_eps_outside_sqrt"],
                         "spatial_groupnorm_forward": ["depends_on", "plumb_gamma_shape", "plumb_gamma_fix_group"]},
    "norm_unnormalised": {"layernorm_forward": ["pattern_norm_not_normalised"],
                          "spatial_groupnorm_forward": ["pattern_norm_not_normalised"]},
    "norm_gn_tiled": {"layernorm_forward": ["correct"],
                      "spatial_groupnorm_forward": ["plumb_open_alone", "plumb_gamma_shape", "plumb_gamma_fix_group",
                                                    "src_tile_per_channel", "src_param_slice_first_axis"]},
    "norm_plumb_right": {"batchnorm_forward": ["pattern_norm_form"],
                         "layernorm_forward": ["mistake_bn_eps_outside_sqrt"],
                         "spatial_batchnorm_forward": ["depends_on"], "spatial_batchnorm_backward": ["depends_on"],
                         "spatial_groupnorm_forward": ["depends_on"], "spatial_groupnorm_backward": ["depends_on"]},
    # issue 19, set I's learning: what the source shows beyond the first exception, readings that say the cause
    "norm_raised_more": {"layernorm_forward": ["name_error_param_key", "src_stats_axes"],
                         "spatial_batchnorm_forward": ["name_error_param_key", "src_eps_nowhere"]},
    "norm_gn_as_sbn": {"spatial_groupnorm_forward": ["rule_norm_param_keys", "src_param_dict_callee",
                                                     "src_callee_batch_axes", "src_g_unused"]},
    "norm_gn_no_g": {"spatial_groupnorm_forward": ["src_g_unused"]},
    "norm_gn_rows": {"spatial_groupnorm_forward": ["norm_over_gn_rows"]},
    "norm_staged_params": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["dx_terms_intro", "dx_change_t3_mean"],
                           "batchnorm_backward_alt": ["pattern_norm_backward_var_for_std",
                                                      "params_change_product_dgamma"]},
    "norm_params_axes": {"layernorm_backward": ["params_change_axes"],
                         "spatial_groupnorm_backward": ["src_dout_sum_axes"]},
    # issue 19, eighth round (sets G, H and I): a backward that is the exact gradient of its own wrong forward is told
    # it repeats that forward's mistake; one with a mistake of its own under a forward wrong on every case is told
    # which, where no cache of that forward explains it; a right backward on a wrong forward's cache hears its root
    "norm_mirror": {"layernorm_forward": ["mistake_ln_wrong_axis"],
                    "layernorm_backward": ["depends_on", "depends_mirror"],
                    "spatial_groupnorm_forward": ["mistake_gn_stats_over_batch"],
                    "spatial_groupnorm_backward": ["depends_on", "depends_mirror"],
                    "spatial_batchnorm_forward": ["pattern_sbn_reshape_without_transpose"],
                    "spatial_batchnorm_backward": ["depends_on", "depends_mirror",
                                                   "pattern_sbn_reshape_without_transpose"]},
    # held-out set M: a mirror whose forward's hint named only x changed in place (no eps anywhere, unnamed then):
    # the forward now also hears the missing eps, and the mirrors quote it
    "norm_mirror_in_place": {"batchnorm_forward": ["diag_modified", "probe_norm_constant_feature"],
                             "batchnorm_backward": ["depends_on", "depends_mirror", "probe_norm_constant_feature"],
                             "batchnorm_backward_alt": ["depends_on", "depends_mirror", "probe_norm_constant_feature"]},
    "norm_name_numpy": {"layernorm_forward": ["name_error_numpy"], "layernorm_backward": ["depends_on"]},
    "norm_gn_reversed": {"spatial_groupnorm_forward": ["correct"],
                         "spatial_groupnorm_backward": ["rule_norm_broadcast", "bc_reversed"]},
    # held-out set K: its ivar kept (N, G, 1, 1, 1) against the transposed view broadcasts into N * G times x's size
    "norm_gn_multiplied": {"spatial_groupnorm_forward": ["correct"],
                           "spatial_groupnorm_backward": ["rule_norm_reshape", "reshape_multiplied_out"]},
    # held-out set K: slips behind a backward's NameError (the batch count, 2 * mean), said beside the plumbing line
    "norm_backward_raised_more": {"layernorm_forward": ["correct"],
                                  "layernorm_backward": ["name_error_near", "src_count_batch"],
                                  "spatial_groupnorm_forward": ["pattern_norm_not_normalised"],
                                  "spatial_groupnorm_backward": ["depends_on", "plumb_raises", "name_error_near",
                                                                 "src_count_batch", "src_twice_the_mean"],
                                  "spatial_batchnorm_forward": ["pattern_sbn_reshape_without_transpose"],
                                  "spatial_batchnorm_backward": ["depends_on", "plumb_raises", "src_name_undefined"]},
    # held-out set M: a group-norm backward half adapted from layer norm, (1, C, 1, 1) gamma on a 2-D view, D undefined
    "norm_gn_half_adapted": {"spatial_groupnorm_forward": ["correct"],
                             "spatial_groupnorm_backward": ["name_error_group_count", "src_gamma_on_flat_view"]},
    # held-out set K: a spatial batch norm run per position, its backward looping the same way under a failing root
    "norm_sbn_positions_mirror": {"batchnorm_forward": ["probe_norm_constant_feature"],
                                  "spatial_batchnorm_forward": ["depends_on", "plumb_handed_part"],
                                  "spatial_batchnorm_backward": ["depends_on", "plumb_handed_part"]},
    # held-out set K: the tiled group norm's backward, gathering dgamma back in np.tile's order (its mirror)
    "norm_gn_tiled_mirror": {"layernorm_forward": ["correct"], "layernorm_backward": ["correct"],
                             "spatial_groupnorm_forward": ["plumb_open_alone", "src_tile_per_channel"],
                             "spatial_groupnorm_backward": ["depends_on", "depends_mirror", "src_tile_per_channel"]},
    # held-out set I: a from-scratch group norm over axis 0 of x.reshape(N * G, -1) and its mirror, whose numeric
    # gradient on a two-row case is only 2e-6 close
    "norm_gn_rows_mirror": {"spatial_groupnorm_forward": ["norm_over_gn_rows"],
                            "spatial_groupnorm_backward": ["depends_on", "depends_mirror", "norm_over_gn_rows"]},
    # held-out set I: dgamma summing dout * gamma * dout under a failing forward, wrong whatever the forward computes
    "norm_dgamma_forward_free": {"batchnorm_forward": ["mistake_bn_eps_outside_sqrt"],
                                 "batchnorm_backward": ["depends_on", "depends_also_forward_free",
                                                        "params_change_product_dgamma"]},
    "norm_own_cache_bn": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_axes_none"],
                          "spatial_groupnorm_backward": ["depends_on", "depends_also_own_cache", "dx_change_axes"]},
    "norm_own_cache_terms": {"spatial_groupnorm_forward": ["pattern_norm_axes", "norm_over_channel_batch"],
                             "spatial_groupnorm_backward": ["depends_on", "depends_also_own_cache",
                                                            "dx_change_scale_outer", "dx_change_count"]},
    "norm_own_cache_scratch": {"spatial_groupnorm_forward": ["pattern_norm_axes", "norm_over_channel_batch"],
                               "spatial_groupnorm_backward": ["depends_on", "depends_also_own_cache",
                                                              "dx_change_gamma_missing"]},
    "norm_own_cache_xhat": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_axes_none"],
                            "spatial_groupnorm_backward": ["depends_on", "depends_also_own_cache",
                                                           "dx_change_gamma_xhat"]},
    "norm_cache_silent": {"layernorm_forward": ["mistake_ln_wrong_axis"], "layernorm_backward": ["depends_on"],
                          "spatial_groupnorm_forward": ["mistake_gn_stats_over_batch"],
                          "spatial_groupnorm_backward": ["depends_on"],
                          "batchnorm_forward": ["pattern_norm_axes"], "batchnorm_backward": ["depends_on"]},
    # held-out set J's untrue sentences: a per-element draw from a flat copy is no per-sample mask, statistics over
    # one spatial axis are not over H and W, a transposed group view's rows are not samples (no keepdims advice)
    "norm_set_j_truths": {"dropout_forward": ["dropout_keeps_1_minus_p"],
                          "spatial_batchnorm_forward": ["pattern_norm_axes", "norm_over_w_only"],
                          "spatial_groupnorm_forward": ["rule_norm_broadcast"]},
    # held-out set K's untrue sentences: running_mean alone left as it was; dx divided by x_hat where std belongs
    "norm_set_k_truths": {"batchnorm_forward": ["bn_running_not_updated"],
                          "layernorm_forward": ["correct"],
                          "layernorm_backward": ["pattern_norm_backward_divided_by_x_hat"]},
    # held-out set K's layer norms: the variance's count N where D belongs (on x.T and on x), mean and variance
    # both np.sum(x, axis=1) (NaN where the sum is negative)
    "norm_ln_var_count": {"layernorm_forward": ["form_var_other_count"], "layernorm_backward": ["depends_on"]},
    "norm_ln_var_count_rows": {"layernorm_forward": ["form_var_other_count"], "layernorm_backward": ["depends_on"]},
    # learnB's mutation sweep (our own mutants, not held out): one statistic over the wrong axes, np.std for np.var,
    # x not centred, the unbiased variance, a mean's count D where N belongs
    "norm_form_stats_axes": {"layernorm_forward": ["pattern_norm_form", "form_mean_axes"],
                             "layernorm_backward": ["depends_on"],
                             "spatial_groupnorm_forward": ["pattern_norm_form", "form_var_axes"]},
    "norm_form_std_uncentred": {"layernorm_forward": ["pattern_norm_form", "form_not_centred"],
                                "spatial_groupnorm_forward": ["pattern_norm_form", "form_std_for_var"]},
    "norm_form_counts": {"layernorm_forward": ["pattern_norm_form", "form_var_unbiased"],
                         "batchnorm_forward": ["pattern_norm_form", "form_mean_other_count"]},
    # learnB's sweep: a spatial norm's values right and their places not (the transpose back forgotten, W and H
    # swapped on the way in), and a backward's way back swapping H and W (once sent to "the padding"; its dx holds
    # each channel's right values)
    "norm_sbn_places": {"spatial_batchnorm_forward": ["pattern_norm_places"]},
    "norm_sbn_places_order": {"spatial_batchnorm_forward": ["pattern_norm_places"]},
    "norm_sbn_backward_positions": {"spatial_batchnorm_forward": ["correct"],
                                    "spatial_batchnorm_backward": ["pattern_norm_backward_places"]},
    # learnB's sweep: a layer-norm backward whose variance term sums over the batch (the mean's term right), once
    # told only that the path through the mean is missing or its count wrong
    "norm_ln_backward_var_axis": {"layernorm_forward": ["correct"],
                                  "layernorm_backward": ["pattern_norm_backward_not_centred"]},
    # learnB's sweep: dbeta = dout.sum() (no hint at all), and np.sum(dout, 0) (an axis, once read as none)
    "norm_sum_methods": {"layernorm_backward": ["src_sum_without_axis"],
                         "batchnorm_backward_alt": ["params_change_mean"]},
    # learnB's sweep: gamma or beta left out of the scale and shift, alone and beside statistics over other axes
    "norm_form_affine": {"layernorm_forward": ["pattern_norm_form", "form_gamma_missing"],
                         "spatial_groupnorm_forward": ["pattern_norm_form", "form_wrong_axes", "form_beta_missing"]},
    # learnB's sweep: a group's sum of squares divided by H * W, one channel's count
    "norm_gn_var_divided": {"spatial_groupnorm_forward": ["pattern_norm_form", "form_var_divided"],
                            "spatial_groupnorm_backward": ["depends_on"]},
    # learnB's sweep: eps added again to the standard deviation; a cache's std without eps (its right backward is
    # read, by seed, as failing only with a large eps or as scaled by 1 / np.sqrt(var): both true; the first is
    # tested at seed 7 in tests/test_real_norm_mistakes.py)
    "norm_eps_added": {"layernorm_forward": ["pattern_norm_form", "form_eps_added_to_std"],
                       "batchnorm_forward": ["pattern_norm_form", "form_eps_added_to_std"]},
    "norm_eps_cache": {"layernorm_forward": ["correct"]},
    # learnB's sweep: test modes with x not centred, and with the running averages in each other's places
    "norm_test_forms": {"batchnorm_forward": ["pattern_test_form"], "spatial_batchnorm_forward": ["pattern_test_form"]},
    # learnB's sweep: a spatial batch-norm backward flattening dout without the forward's transpose
    "norm_sbn_dout_layout": {"spatial_batchnorm_forward": ["correct"],
                             "spatial_batchnorm_backward": ["pattern_sbn_backward_dout_layout"]},
    # learnB's sweep: running averages fed the whole array's mean or variance, one number for every feature
    "norm_running_whole": {"batchnorm_forward": ["pattern_running_fed_whole"],
                           "spatial_batchnorm_forward": ["pattern_running_fed_whole"]},
    # learnB's sweep: a group norm returned in its grouped layout; a backward's way back with the way in's transpose
    "norm_layout_shapes": {"spatial_groupnorm_forward": ["shape_gn_still_grouped"],
                           "spatial_batchnorm_forward": ["correct"],
                           "spatial_batchnorm_backward": ["shape_axes_permuted"]},
    # learnB's sweep: a simplified backward dividing by the square root of the cached standard deviation
    "norm_bn_alt_root_of_std": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["dx_change_scale"]},
    "norm_ln_sum_stats": {"layernorm_forward": ["pattern_norm_nonfinite_variance", "pattern_norm_mean_as_sum"],
                          "layernorm_backward": ["depends_on"]},
    "norm_ln_backward_transposed": {"layernorm_forward": ["correct"],
                                    "layernorm_backward": ["rule_norm_broadcast", "bc_transposed"]},
    # held-out set K's simplified batch-norm backwards: dx times var where 1 / std belongs; dgamma from x minus a
    # cached x - mean (the batch mean), dx right
    "norm_bn_alt_var_scale": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["dx_change_scale"]},
    "norm_bn_alt_dgamma_mean": {"batchnorm_forward": ["correct"],
                                "batchnorm_backward_alt": ["params_change_product_dgamma_mean"]},
    # held-out set K: a cache unpacked with five names for six items, beside np.sqrt(var) with no eps
    "norm_bn_alt_cache_no_eps": {"batchnorm_forward": ["correct"],
                                 "batchnorm_backward_alt": ["rule_norm_cache_unpacking", "src_eps_nowhere_backward"]},
    # held-out set M: no eps anywhere, beside a test mode that changes x in place (only that was named)
    "norm_bn_no_eps_in_place": {"batchnorm_forward": ["diag_modified", "probe_norm_constant_feature"]},
    # held-out set K: running averages updated into a misspelt name, or stored into bn_param and then overwritten by
    # the starter's last lines (told only "not updated")
    "norm_bn_running_misspelt": {"batchnorm_forward": ["src_running_misspelt"]},
    "norm_bn_running_overwritten": {"batchnorm_forward": ["src_running_overwritten"]},
    # learnM (aries-young/cs231n_Assignments): eps read with another key, test mode with eps in its root
    "norm_bn_eps_key_test_folded": {"batchnorm_forward": ["pattern_eps_not_read", "src_eps_key"]},
    # learnL's pool (AryanRaj315/CS231n_Assignments), mended by learnM: the mask applied to np.maximum(0, x)
    "norm_dropout_relu_first": {"dropout_forward": ["dropout_train_relu"], "dropout_backward": ["depends_on"]},
    # learnM (Al73r/CS231n): beta added before the division and the scale, in both modes
    "norm_bn_beta_inside": {"batchnorm_forward": ["pattern_beta_inside", "pattern_test_form"]},
    # learnM (srjit/dl101): a train branch that never assigns out
    "norm_bn_train_out_unset": {"batchnorm_forward": ["out_unset_in_branch"]},
    # learnM (elirex/machine-learning): the running mean stored under a misspelt key
    "norm_sbn_running_key_misspelt": {"spatial_batchnorm_forward": ["src_running_key_misspelt"]},
    # learnM (ethen8181/programming): running_mean fed the centred x
    "norm_bn_running_fed_centred": {"batchnorm_forward": ["src_running_fed_centred"]},
    # learnL's pool (ThaddeusHatcher/deep-learning-cs231n-assignments), mended by learnM: statistics over the whole
    # array and no eps
    "norm_bn_whole_array_stats": {"batchnorm_forward": ["form_axes_none", "form_eps_missing"]},
    # learnM (AmirEstiri/DeepLearning-CS231): out made from the (N * G, C // G * H * W) rows
    "norm_gn_out_on_rows": {"spatial_groupnorm_forward": ["shape_gn_rows_not_put_back"]},
    # learnM (jacatral/CS231n-Assignments): a mask drawn in test mode too
    "norm_dropout_test_masked": {"dropout_forward": ["dropout_test_masked"], "dropout_backward": ["correct"]},
    # learnM (zzz0069/CS231n): np.random.rand(x.shape)
    "norm_dropout_rand_tuple": {"dropout_forward": ["rand_shape_tuple"], "dropout_backward": ["correct"]},
    # learnM (kiluazen/CS231_Computer_Vision): batch norm handed (C, N * H * W), the channels as rows
    "norm_sbn_channels_as_rows": {"spatial_batchnorm_forward": ["rule_sbn_transposed"]},
    # learnM (shahzaibqazi/Stanford-CS231n-Assignments): the running averages updated above the branch, test too
    "norm_bn_test_updates_running": {"batchnorm_forward": ["pattern_test_updates_running"],
                                     "spatial_batchnorm_forward": ["depends_on"]},
    # held-out set N: no eps anywhere, and a backward that mirrors it (told the forward's hint did not name it)
    "norm_bn_mirror_no_eps": {"batchnorm_forward": ["probe_norm_constant_feature"],
                              "batchnorm_backward": ["depends_on", "depends_mirror"]},
    # held-out set N: a layer norm's count N and missing parentheses behind its TypeError
    "norm_ln_raised_more": {"layernorm_forward": ["src_count_batch", "src_no_parentheses", "src_var_squared"]},
    # held-out set N: eps added to the variance and again under the root, behind an UnboundLocalError
    "norm_bn_raised_eps_twice": {"batchnorm_forward": ["src_eps_twice"]},
    # held-out set N: beside an UnboundLocalError, running averages updated before the mode is read (test mode moves
    # them too) and eps added twice; beside a TypeError, np.power(var) ** 2 under the root and the starter's cache =
    # None (both were told only the exception, and the local check did not say the exception first)
    "norm_bn_raised_running_test": {"batchnorm_forward": ["diag_raised", "src_running_every_mode", "src_eps_twice"]},
    "norm_ln_raised_cache_none": {"layernorm_forward": ["diag_raised", "src_count_batch", "src_var_squared",
                                                       "src_cache_left_none", "src_no_parentheses"]},
    # held-out set N: `N, M = x.shape` beside an unscaled mask (the local check named only the scaling)
    "norm_dropout_two_axes": {"dropout_forward": ["pattern_4d_only", "dropout_not_scaled"]},
    # held-out set N: gamma repeated to the rows' shape in (c, h, w) order against rows in (h, w, c) order (told its
    # shape and a fix, not the order), and the same in the rows' order (right)
    "norm_gn_gamma_order": {"layernorm_forward": ["correct"],
                            "spatial_groupnorm_forward": ["plumb_open_alone", "plumb_gamma_order", "layout_hwc",
                                                          "layout_chw"]},
    "norm_gn_gamma_order_right": {"layernorm_forward": ["correct"], "spatial_groupnorm_forward": ["correct"]},
    # the mutation sweep's group norms without keepdims=True (told the generic broadcast paragraph)
    "norm_gn_keepdims": {"spatial_groupnorm_forward": ["bc_keepdims_dropped", "bc_keepdims_dropped_too"]},
    "norm_gn_keepdims_backward": {"spatial_groupnorm_forward": ["correct"],
                                  "spatial_groupnorm_backward": ["bc_keepdims_dropped"]},
    # held-out set K: a backward reading `x1`, a name only its forward assigned (told "a name close to it is `x`")
    "norm_gn_backward_forward_name": {"spatial_groupnorm_forward": ["correct"],
                                      "spatial_groupnorm_backward": ["name_error_forward_only"]},
    # a dgamma made with a cached x_hat without eps (it was told its x_hat was "recomputed")
    "norm_dgamma_cached_no_eps": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["pattern_dgamma_eps_missing"]},
    # the mutation sweep's pairs of formula slips (told "check the formula itself")
    "norm_form_pairs": {"layernorm_forward": ["form_not_centred", "form_no_sqrt"],
                        "spatial_groupnorm_forward": ["form_var_unbiased", "form_eps_outside_sqrt"]},
    # held-out set N: dropout's test mode as a ReLU
    "norm_dropout_test_relu": {"dropout_forward": ["dropout_test_relu"]},
    "norm_reshape_keywords": {"spatial_groupnorm_forward": ["rule_reshape_keywords", "diag_leftovers"],
                              "spatial_groupnorm_backward": ["depends_on"]},
    # held-out set J's batch-norm backwards: eps left out of the term through the variance alone (in both its x_hat,
    # or in one: d std / d var), and dx from each value's own dout (the Jacobian's diagonal)
    "norm_bn_backward_eps": {"batchnorm_forward": ["correct"],
                             "batchnorm_backward": ["dx_terms_intro", "dx_change_scale_t3_one"],
                             "batchnorm_backward_alt": ["dx_terms_intro", "dx_change_scale_t3_both"]},
    "norm_bn_backward_diagonal": {"batchnorm_backward_alt": ["pattern_norm_backward_diagonal"],
                                  "layernorm_backward": ["pattern_norm_backward_diagonal"]},
    # set N's dependants with mistakes of their own under a failing root: `axix=0` and dout * gamma over var + eps
    # behind a forward that returned no cache; a group norm's dgamma and dbeta from layer norm's per-column sums; a
    # dgamma and dbeta summed per group row (shape (N * G,)) beside a dx that is its forward's gradient
    "norm_bn_backward_own_slips": {"batchnorm_forward": ["name_error_never"],
                                   "batchnorm_backward": ["depends_on", "depends_also_source", "src_unknown_keyword",
                                                          "src_dx_hat_over_var"]},
    "norm_gn_backward_via_ln": {"layernorm_forward": ["correct"], "layernorm_backward": ["correct"],
                                "spatial_groupnorm_forward": ["plumb_open_alone", "plumb_gamma_order", "layout_chw",
                                                              "layout_hwc"],
                                "spatial_groupnorm_backward": ["depends_on", "depends_also_source",
                                                               "src_gn_params_from_ln"]},
    # set O: a batch norm with no eps whose backwards read x_hat and the std from its cache (told "change it the same
    # way", untrue: the forward's fix mends them), and the same file with eps in the forward (every point kept)
    "norm_bn_cache_std_mirror": {"batchnorm_forward": ["probe_norm_constant_feature", "bn_test_without_eps"],
                                 "batchnorm_backward": ["depends_on", "depends_mirror_cache"],
                                 "batchnorm_backward_alt": ["depends_on", "depends_mirror_cache"]},
    "norm_bn_cache_std_right": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                                "batchnorm_backward_alt": ["correct"]},
    # set O: dgamma summing dout times the variance, or the std, where x_hat belongs (told "check the formula itself")
    "norm_bn_dgamma_stat": {"batchnorm_forward": ["correct"],
                            "batchnorm_backward": ["params_terms_intro", "params_change_product_dgamma_stat"],
                            "batchnorm_backward_alt": ["params_terms_intro", "params_change_product_dgamma_stat"]},
    # set O: running averages updated in test mode only, test mode on the batch's own statistics, and there
    # np.sqrt(var) with no eps (the last not named)
    "norm_bn_test_three": {"batchnorm_forward": ["probe_norm_not_updated", "pattern_test_batch_stats",
                                                 "src_test_root_without_eps"]},
    "norm_gn_backward_group_rows": {"spatial_groupnorm_forward": ["form_eps_outside_sqrt"],
                                    "spatial_groupnorm_backward": ["depends_on", "depends_also_params_shape"]},
    # set O: a group-norm backward written for 5-D grouped arrays beside a forward caching 2-D rows and 1-D
    # statistics (told only its ValueError)
    "norm_gn_cache_layout": {"spatial_groupnorm_forward": ["correct"],
                             "spatial_groupnorm_backward": ["src_cache_layout", "src_cache_layout_array"]},
    # set O: a backward's eps taken from the cache, then scaled by 1.0001 (told "not its forward's", with no line)
    "norm_gn_eps_scaled": {"spatial_groupnorm_forward": ["correct"], "spatial_groupnorm_backward": ["src_eps_changed"]},
    # set O: batch norm on x.reshape(N, C * H * W), raising on the running mean (told two possible readings)
    "norm_sbn_rows_per_sample": {"batchnorm_forward": ["correct"],
                                 "spatial_batchnorm_forward": ["src_sbn_rows_per_sample"]},
    # the named repositories' sweep (learnG): a group norm's broadcast error read against the case's N and G
    "norm_gn_stat_on_x": {"spatial_groupnorm_forward": ["correct"],
                          "spatial_groupnorm_backward": ["rule_norm_broadcast", "bc_group_stat_on_4d"]},
    "norm_gn_row_stats": {"spatial_groupnorm_forward": ["rule_norm_broadcast", "bc_group_rows_as_row"]},
    "norm_gn_column_stats": {"spatial_groupnorm_forward": ["rule_norm_broadcast", "bc_group_columns_per_row"]},
    "norm_gn_channels_last": {"spatial_groupnorm_forward": ["rule_norm_broadcast", "bc_gamma_channels_last",
                                                            "form_eps_outside_sqrt"]},
    # set L: the batch mean unpacked as the centred x and doubled where 2 * (x - mean) belongs (told only "the term
    # through the variance: missing", or that dx does not sum to zero), and a layer norm's 1. / N beside it
    "norm_mean_as_centred": {"batchnorm_forward": ["correct"],
                             "batchnorm_backward": ["dx_change_missing", "src_twice_the_mean"],
                             "layernorm_forward": ["correct"],
                             "layernorm_backward": ["pattern_norm_backward_not_centred", "src_count_batch",
                                                    "src_twice_the_mean"]},
    # set L: the variance's sum closed before x - mean, and dout * gamma over var + eps (told only that the mean's
    # path is there and the rest is wrong somewhere)
    "norm_bn_dvar_summed_alone": {"batchnorm_forward": ["correct"],
                                  "batchnorm_backward": ["src_dvar_summed_alone", "src_dx_hat_over_var"]},
    # set L: dx = dout * gamma / std under a forward normalising with its running averages (told only its root)
    "norm_bn_backward_constant_dependant": {"batchnorm_forward": ["pattern_train_uses_running"],
                                            "batchnorm_backward": ["depends_on", "depends_also_source",
                                                                   "src_dx_constant_stats"]},
    # set L: a backward reading `x1`, a name of its forward that the forward stores as cache['x_norm'] (told to
    # store x1 in the cache)
    "norm_gn_backward_cached_name": {"spatial_groupnorm_forward": ["correct"],
                                     "spatial_groupnorm_backward": ["name_error_forward_cached"]},
    # set L: the same staged backward under a forward adding eps twice (told, as its own, the forward's x_hat)
    "norm_bn_dvar_eps_twice": {"batchnorm_forward": ["pattern_eps_twice"],
                               "batchnorm_backward": ["depends_on", "depends_also_own", "src_dvar_summed_alone",
                                                      "src_dx_hat_over_var"]},
    # learnI: a way back that undoes the textbook way in is not told it is wrong where only the way in is
    "norm_plumb_way_in_only": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                               "spatial_batchnorm_forward": ["plumb_open_alone", "plumb_handed_mixed"],
                               "spatial_batchnorm_backward": ["depends_on", "plumb_back_order"]},
    # learnI: a train mode normalising with the running averages it has just updated, a running variance of one
    # number for every feature (a sum with no axis)
    "norm_bn_train_running": {"batchnorm_forward": ["pattern_train_uses_running", "pattern_running_fed_one"],
                              "spatial_batchnorm_forward": ["pattern_running_fed_one"]},
    # learnI: a wrapper's call of its root with arguments the root does not take, said beside "fails because"
    "norm_sbn_call_arguments": {"batchnorm_forward": ["mistake_bn_eps_outside_sqrt"],
                                "spatial_batchnorm_forward": ["depends_on"],
                                "spatial_batchnorm_backward": ["depends_on", "depends_also_call_arguments"]},
    # tenth round (LHaoRax/cs231n_homework_1718spring): C // G groups of G channels, normalised per position
    "norm_gn_groups_per_position": {"spatial_groupnorm_forward": ["form_groups_swapped"]},
    # learnK: RobinsoGarcia/cs231n-Spring2017's alt made dx with dgamma's x_hat without eps too
    "norm_alt_xhat_no_eps": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                             "batchnorm_backward_alt": ["pattern_dx_dgamma_eps_missing"]},
    # learnK: WenboKou/assignments' alt made dx without the gamma it unpacked (beside other slips)
    "norm_alt_dx_without_gamma": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                                  "batchnorm_backward_alt": ["pattern_norm_backward_not_centred",
                                                             "src_dx_without_gamma"]},
    # held-out set P: the Jacobian's diagonal with gamma left out (told only that dx does not sum to zero)
    "norm_alt_diagonal_no_gamma": {"batchnorm_backward_alt": ["pattern_norm_backward_diagonal_no_gamma"]},
    # held-out set Q (after its freeze): dgamma = dout * x_hat, not summed at all (the check had no hint)
    "norm_alt_dgamma_unsummed": {"batchnorm_backward_alt": ["params_terms_intro", "params_change_unsummed"]},
    # learnL (eleventh round): the mean's term multiplied by std, or not divided by it; the variance's term without
    # eps in all three of its factors of std (told only that dx does not sum to zero)
    "norm_mean_term_scale": {"layernorm_forward": ["correct"],
                             "layernorm_backward": ["dx_terms_intro", "dx_change_scale_t2_std",
                                                    "dx_change_scale_t3_all"],
                             "batchnorm_backward_alt": ["dx_terms_intro", "dx_change_scale_t2_none"]},
    # learnL (eleventh round): a layer norm through batch norm's alt on the transposed arrays, its dgamma and dbeta one
    # value per sample (told only that the alt fails, whose dgamma and dbeta pass)
    "norm_ln_through_bn_params": {"batchnorm_backward_alt": ["pattern_norm_backward_var_for_std"],
                                  "layernorm_backward": ["depends_on", "depends_also_params_shape_callee"]},
    # learnL (eleventh round): d out / d x_hat taken as 1 + gamma (dboyliao/cs231n's, behind a failing forward)
    "norm_one_plus_gamma": {"batchnorm_backward": ["src_dx_hat_one_plus_gamma"]},
    # learnL (eleventh round): an alt's variance's term value by value and its mean's term undivided by std (the rest
    # of WenboKou/assignments' alt, told only that dx does not sum to zero beside its missing gamma)
    "norm_alt_unsummed_terms": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                                "batchnorm_backward_alt": ["src_dvar_unsummed", "src_mean_term_unscaled"]},
    # learnL (eleventh round, from learnM's description): an alt made value by value, no sum over the batch in dx
    "norm_alt_value_by_value": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                                "batchnorm_backward_alt": ["src_dx_no_sums"]},
    # learnL (eleventh round, from learnM's description): missing parentheses beside a broadcast error, said once
    "norm_ln_no_parentheses_raises": {"layernorm_forward": ["form_no_parentheses"]},
    # learnL (eleventh round, from learnM's descriptions): the variance where x - mean belongs in d var's term; a dx
    # multiplied by std where it is divided by it
    "norm_var_for_centred": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                             "layernorm_forward": ["correct"],
                             "batchnorm_backward_alt": ["dx_terms_intro", "dx_change_t3_var"],
                             "layernorm_backward": ["dx_terms_intro", "dx_change_scale"]},
    # learnL (eleventh round): dx_hat multiplied into a gradient already made of it (dx quadratic in dout)
    "norm_dout_twice": {"batchnorm_backward": ["src_dout_squared"]},
    # learnN (eleventh round): test mode with running_var made unbiased (learnN met the update above the mode branch
    # too, in another file: norm_bn_test_updates_running above)
    "norm_bn_test_unbiased": {"batchnorm_forward": ["pattern_test_unbiased_running_var"]},
    # learnN (eleventh round): an alt whose dx is the output's derivative, never multiplied by dout
    "norm_alt_without_dout": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["src_dx_without_dout"]},
    # held-out set Q (gv22ga): dx over (N * sqrt_var + eps) in an alt and in a spatial backward under a forward that
    # fails (the alt had no hint; the spatial backward was told only its root)
    "norm_bn_stray_eps_on_n_std": {"batchnorm_forward": ["correct"], "batchnorm_backward": ["correct"],
                                   "batchnorm_backward_alt": ["src_eps_beside_scaled_std"],
                                   "spatial_batchnorm_forward": ["pattern_norm_places"],
                                   "spatial_batchnorm_backward": ["depends_on", "depends_also_source",
                                                                  "src_eps_beside_scaled_std"]},
    # held-out set Q (whgusdn321): test mode's (x - running_mean) * (1 / running_var + eps), no root, beside a train
    # mode feeding running_var the std (only the running average's reading was said)
    "norm_bn_test_inverse_var_plus_eps": {"batchnorm_forward": ["src_test_var_without_root"],
                                          "batchnorm_backward": ["correct"], "batchnorm_backward_alt": ["correct"]},
    # held-out set Q (drafly): a loop's running_var[k] = running_mean[k] * momentum + ..., told "check the formula"
    "norm_bn_running_var_from_mean": {"batchnorm_forward": ["src_running_from_other"],
                                      "batchnorm_backward": ["correct"], "batchnorm_backward_alt": ["correct"]},
    # held-out set Q (syangav): dout moved with (0, 3, 2, 1) where the forward moves x with (0, 2, 3, 1), under a
    # forward that fails (told only its root)
    "norm_sbn_dout_transposed_otherwise": {"spatial_batchnorm_forward": ["pattern_norm_places"],
                                           "spatial_batchnorm_backward": ["depends_on", "depends_also_source",
                                                                          "src_dout_moved_otherwise"]},
    # learnR's pool (forestLoop): a group norm flattening gamma to (C,) itself runs on both shapes; its statistics per
    # position were told after "given gamma of shape (C,), it runs", as if the shape were its trouble
    "norm_gn_gamma_flattened": {"spatial_groupnorm_forward": ["form_groups_swapped"]},
    # learnR's pool (Ciroo): a backward passing dout through its forward's 0/1 mask, where that forward (keeping 1 - p)
    # scales by 1 / (1 - p): told only that it depends on its forward
    "norm_dropout_backward_unscaled_mask": {"dropout_forward": ["dropout_keeps_1_minus_p"],
                                            "dropout_backward": ["depends_on", "depends_also_cache_dropout",
                                                                 "dropout_backward_unscaled_own"]},
    # learnR's pool (iam_peekay): a backward using a name it never assigns, under a forward that fails: told only
    # that it depends on its forward
    "norm_bn_backward_unassigned_name": {"batchnorm_forward": ["pattern_norm_nonfinite_variance"],
                                         "batchnorm_backward": ["depends_on", "depends_also_source",
                                                                "name_error_never"]},
    # learnS's pool (akashgupta97): an alt's `dx = dx.T`, meant for the layer norm that calls it on x.T, left in for
    # batch norm's own call (no hint); (lamgary) a backward's own `np.sqrt(v)` with eps added outside it, and an alt's
    # `v = cache['v'] + eps` rooted with eps again, under a forward with eps outside the root (told only their root)
    "norm_bn_alt_dx_transposed": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["shape_transposed_2d"]},
    "norm_bn_backward_own_eps_outside": {"batchnorm_forward": ["mistake_bn_eps_outside_sqrt"],
                                         "batchnorm_backward": ["depends_on", "depends_also_source",
                                                                "src_eps_outside_own_root"],
                                         "batchnorm_backward_alt": ["depends_on", "depends_also_source",
                                                                    "src_eps_twice"]},
    # learnS's pool (LinZhuoChen): train mode's eps outside the root behind a TypeError on a cache left None, told
    # only the exception and test mode's own eps outside the root
    "norm_bn_forward_raises_eps_outside": {"batchnorm_forward": ["diag_raised", "mistake_bn_test_eps_outside_sqrt",
                                                                 "src_eps_outside_own_root"]},
    # held-out set R (7xxogre): an alt dividing by np.sqrt(var - eps), eps subtracted where it must be added (no hint)
    "norm_alt_eps_subtracted": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["src_eps_subtracted"]},
    # held-out set R (Fitz1003Miao): a layer norm's mean and variance as sums over the features (told "check the
    # formula"), and a backward that is its exact gradient (told its root and three possible causes)
    "norm_ln_stats_summed": {"layernorm_forward": ["pattern_norm_stats_summed"],
                             "layernorm_backward": ["depends_on", "depends_mirror"]},
    # held-out set R (wuwowuyi): test mode's gamma * x_hat without + beta (told its formula, "compare term by term")
    "norm_bn_test_without_beta": {"batchnorm_forward": ["pattern_test_without_beta"],
                                  "batchnorm_backward": ["correct"]},
    # held-out set R (GiangHLe): a backward keeping dout where `mask == 1`, right for its unscaled forward (which now
    # says the backward will give zeros once it scales), and all zeros under a scaling forward, where it was told the
    # code filling dx never ran
    "norm_dropout_mask_eq_one": {"dropout_forward": ["dropout_not_scaled", "src_dropout_backward_mask_eq_one"],
                                 "dropout_backward": ["correct"]},
    "norm_dropout_mask_eq_one_scaled": {"dropout_forward": ["correct"], "dropout_backward": ["src_dropout_mask_eq_one"]},
    # held-out set R (UraniumSlashBroomer): a spatial backward run in train mode alone, sent through its forward to a
    # batchnorm_forward wrong in test mode alone; its root is its own forward, and its own reshaping is read
    "norm_sbn_root_wrong_in_test_only": {"batchnorm_forward": ["bn_test_without_eps"],
                                         "batchnorm_backward_alt": ["correct"],
                                         "spatial_batchnorm_forward": ["depends_on", "plumb_back_order"],
                                         "spatial_batchnorm_backward": ["depends_on", "plumb_handed_mixed"]},
    # learnt from held-out set R's pool (akashgupta97): a layer-norm backward through an alt on transposed arrays,
    # whose `dx = dx.T` breaks only batch norm's own call, was sent to the alt; its root is the layer-norm forward
    # that never reads ln_param's eps
    "norm_ln_through_transposed_alt": {"batchnorm_forward": ["correct"], "batchnorm_backward_alt": ["shape_transposed_2d"],
                                       "layernorm_forward": ["pattern_eps_not_read"],
                                       "layernorm_backward": ["depends_on"]},
}



def numpy_refuses_newshape() -> bool:
    """Does the NumPy here refuse np.reshape's ``newshape=``? NumPy 2.4 removed it; 2.1 to 2.3 only warn, and NumPy
    2.2 is the newest Python 3.10 gets (the Gradescope bundle's pin), where ``norm_reshape_keywords`` runs right."""
    import warnings

    import numpy as np
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.reshape(np.zeros(1), newshape=(1,))
    except TypeError:
        return True
    return False


# Fixtures whose mistake is one only where this NumPy makes it one: the check that tells, by fixture
APPLIES = {"norm_reshape_keywords": numpy_refuses_newshape}

def overlay(reference: str, student: str) -> str:
    """``reference`` (a module's source) with every top-level function of ``student`` put in place of the
    reference's function of that name, and the student's imports added after the reference's."""
    ref_tree, stu_tree = ast.parse(reference), ast.parse(student)
    stu_lines = student.splitlines(keepends=True)
    functions = {n.name: "".join(stu_lines[n.lineno - 1:n.end_lineno]) for n in stu_tree.body
                 if isinstance(n, ast.FunctionDef)}
    imports = ["".join(stu_lines[n.lineno - 1:n.end_lineno]) for n in stu_tree.body
               if isinstance(n, (ast.Import, ast.ImportFrom))]
    lines = reference.splitlines(keepends=True)
    for node in sorted((n for n in ref_tree.body if isinstance(n, ast.FunctionDef) and n.name in functions),
                       key=lambda n: -n.lineno):
        lines[node.lineno - 1:node.end_lineno] = [functions[node.name]]
    last_import = max(n.end_lineno for n in ref_tree.body if isinstance(n, (ast.Import, ast.ImportFrom)))
    lines[last_import:last_import] = [i if i.endswith("\n") else i + "\n" for i in imports
                                      if i.strip() not in reference]
    return "".join(lines)


def build(name: str, solutions: Path, target: Path) -> Path:
    """Write the whole submission ``name`` into ``target`` (a copy of ``solutions`` with the student's layers.py)."""
    import shutil
    shutil.copytree(solutions, target, ignore=shutil.ignore_patterns("__pycache__"))
    layers = target / "layers.py"
    layers.write_text(overlay(layers.read_text(), (HERE / f"{name}.py").read_text()))
    return target
