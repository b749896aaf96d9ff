"""ship.py's summary of the learning rates a shipped checkpoint was trained with (the manifest's `optimizer`)."""

from ship import lr_schedule


def rows(rates):
    return [{"step": 10 * (k + 1), "lr": lr} for k, lr in enumerate(rates)]


def test_a_constant_rate_after_warm_up_is_named_once():
    assert lr_schedule(rows([2e-4, 5e-4, 1e-3, 1e-3, 1e-3]), 50) == "lr 0.001 (linear warm-up)"


def test_each_resume_with_a_lower_rate_is_listed_up_to_the_shipped_step():
    history = rows([1e-3, 1e-3, 2e-4, 2e-4, 1e-4])
    assert lr_schedule(history, 40) == "lr 0.001 (linear warm-up), 0.0002 after step 20"
    assert lr_schedule(history, 50) == "lr 0.001 (linear warm-up), 0.0002 after step 20, 0.0001 after step 40"


def test_a_decay_at_every_logged_step_is_summed_up_by_where_it_ended():
    history = rows([5e-4, 1e-3, 9e-4, 7e-4, 5e-4, 3e-4, 1.5e-4]) + [{"step": 70, "valid": {}}]
    assert lr_schedule(history, 70) == "lr 0.001 (linear warm-up), decaying from step 20 to 0.00015 at step 70"
