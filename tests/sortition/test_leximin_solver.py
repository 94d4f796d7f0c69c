"""When HiGHS gives up on a program, leximin._run tries again instead of failing the draw."""

import highspy
import numpy as np
import pytest

from samenspel.sortition import leximin


def _small_program(iteration_limit: int) -> highspy.Highs:
    # maximise x + y subject to x + 2y <= 4 and 3x + y <= 6: optimum (1.6, 1.2), duals (0.4, 0.2)
    h = highspy.Highs()
    leximin._options(h)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("simplex_iteration_limit", iteration_limit)
    inf = highspy.kHighsInf
    h.addVars(2, np.zeros(2), np.full(2, inf))
    h.changeColsCost(2, np.array([0, 1], dtype=np.int32), np.array([1.0, 1.0]))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.addRows(
        2,
        np.full(2, -inf),
        np.array([4.0, 6.0]),
        4,
        np.array([0, 2], dtype=np.int32),
        np.array([0, 1, 0, 1], dtype=np.int32),
        np.array([1.0, 2.0, 3.0, 1.0]),
    )
    return h


def test_a_simplex_that_gives_up_is_solved_by_the_interior_point_method_with_its_duals():
    h = _small_program(iteration_limit=1)  # the simplex stops after one step, as it did with "Unknown"
    before = leximin.RETRIES["count"]
    assert leximin._run(h) == highspy.HighsModelStatus.kOptimal
    assert leximin.RETRIES["count"] == before + 1
    solution = h.getSolution()
    assert list(solution.col_value) == pytest.approx([1.6, 1.2])
    assert list(solution.row_dual) == pytest.approx([0.4, 0.2])
    assert h.getOptionValue("solver")[1] == "simplex"  # the program's own choice is restored


def test_a_program_solved_at_once_is_not_retried():
    h = _small_program(iteration_limit=1000)
    before = leximin.RETRIES["count"]
    assert leximin._run(h) == highspy.HighsModelStatus.kOptimal
    assert leximin.RETRIES["count"] == before
