"""The student family: sizes, published key layout, shapes and GPO pooling."""
import unittest

import _paths  # noqa: F401
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from echoingecg.checkpoint import PREFIX, random_published_state, split_published
from echoingecg.model import (FULL, SMALL, EchoingStudent, FrozenPoolingStudent, StudentConfig,
                              analytic_parameter_count, count_parameters, sinusoid_codes, steps_for)


class ParameterCount(unittest.TestCase):
    def test_full_size_is_echoingecg_101(self):
        # Built on the meta device: shapes only, no 500 MB allocation.
        full = EchoingStudent(FULL, device="meta")
        self.assertEqual(count_parameters(full), 126_642_944)
        self.assertEqual(analytic_parameter_count(FULL), 126_642_944)
        self.assertAlmostEqual(count_parameters(full) / 1e6, 126.6, places=1)

    def test_analytic_count_matches_built_models(self):
        for cfg in (SMALL, StudentConfig(blocks=(2, 1, 3, 1), stem_width=16, widths=(24, 48, 48, 96), embed_dim=64)):
            self.assertEqual(count_parameters(EchoingStudent(cfg)), analytic_parameter_count(cfg))


class PublishedLayout(unittest.TestCase):
    def test_full_keys_and_shapes(self):
        sd = EchoingStudent(FULL, device="meta").state_dict()
        for k in ("conv1.weight", "bn1.running_var", "layer1.0.shortcut.0.weight", "layer2.0.shortcut.1.weight",
                  "layer3.22.conv2.weight", "layer4.2.bn2.num_batches_tracked", "linear.weight", "std_linear.bias",
                  "gpool.gru.weight_ih_l0", "gpool.gru.bias_hh_l0_reverse", "gpool.linear.weight",
                  "std_gpool.gru.weight_hh_l0", "std_gpool.linear.weight"):
            self.assertIn(k, sd)
        self.assertNotIn("layer1.1.shortcut.0.weight", sd)  # identity shortcuts have no keys
        self.assertNotIn("gpool.linear.bias", sd)
        self.assertEqual(tuple(sd["conv1.weight"].shape), (96, 12, 7))
        self.assertEqual(tuple(sd["layer4.0.conv1.weight"].shape), (1536, 768, 3))
        self.assertEqual(tuple(sd["linear.weight"].shape), (512, 1536))
        self.assertEqual(tuple(sd["gpool.gru.weight_ih_l0"].shape), (96, 32))
        self.assertEqual(sum(1 for k in sd if k.endswith(".conv1.weight") and k.startswith("layer3.")), 23)

    def test_random_checkpoint_loads_strictly(self):
        state = random_published_state(SMALL, seed=3)
        self.assertTrue(any(k.startswith("text_encoder.") for k in state))
        ecg, ignored = split_published(state)
        self.assertTrue(all(k.startswith("text_encoder.") for k in ignored))
        self.assertEqual(set(ecg), set(EchoingStudent(SMALL).state_dict()))
        model = EchoingStudent(SMALL)
        model.load_state_dict(ecg, strict=True)
        self.assertTrue(torch.equal(model.layer2[0].bn1.running_var, state[PREFIX + "layer2.0.bn1.running_var"]))


class Forward(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = EchoingStudent(SMALL).eval()
        self.x = torch.randn(3, 12, 1000)

    def test_shapes_and_normalisation(self):
        self.assertEqual(steps_for(1000), 63)
        with torch.no_grad():
            mean, logvar, step = self.model(self.x)
        self.assertEqual(tuple(mean.shape), (3, 512))
        self.assertEqual(tuple(logvar.shape), (3, 512))
        self.assertEqual(tuple(step.shape), (3, 63, 512))
        self.assertTrue(torch.allclose(mean.norm(dim=1), torch.ones(3), atol=1e-5))
        # logvar is a GPO pooling of step_logvar: a convex combination of each channel's values.
        self.assertTrue(bool((logvar <= step.max(dim=1).values + 1e-5).all()))
        self.assertTrue(bool((logvar >= step.min(dim=1).values - 1e-5).all()))

    def test_batch_rows_are_independent(self):
        with torch.no_grad():
            full = self.model(self.x)
            one = self.model(self.x[1:2])
        for a, b in zip(full, one):
            self.assertTrue(torch.allclose(a[1:2], b, atol=1e-5))


class GpoPooling(unittest.TestCase):
    def test_frozen_weights_equal_dynamic_computation(self):
        torch.manual_seed(1)
        model = EchoingStudent(SMALL).eval()
        frozen = FrozenPoolingStudent(model).eval()
        with torch.no_grad():
            self.assertTrue(torch.allclose(frozen.mean_weights, model.gpool.pool_weights(63)))
            self.assertTrue(torch.allclose(frozen.logvar_weights, model.std_gpool.pool_weights(63)))
            self.assertAlmostEqual(float(frozen.mean_weights.sum()), 1.0, places=5)
            x = torch.randn(2, 12, 1000)
            for a, b in zip(model(x), frozen(x)):
                self.assertTrue(torch.allclose(a, b, atol=1e-6))

    def test_weights_match_the_packed_sequence_formulation(self):
        # The original pools with pack_padded_sequence over full-length sequences; ours runs the GRU directly.
        torch.manual_seed(2)
        gpo = EchoingStudent(SMALL).gpool
        t = 63
        pe = sinusoid_codes(t, 32)[None]
        packed = pack_padded_sequence(pe, torch.tensor([t]), batch_first=True, enforce_sorted=False)
        with torch.no_grad():
            out, _ = pad_packed_sequence(gpo.gru(packed)[0], batch_first=True)
            out = (out[..., :32] + out[..., 32:]) / 2
            ref = torch.softmax(gpo.linear(out)[0, :, 0] / 0.1, dim=0)
            self.assertTrue(torch.allclose(gpo.pool_weights(t), ref, atol=1e-7))

    def test_position_codes(self):
        pe = sinusoid_codes(5, 32)
        self.assertTrue(torch.allclose(pe[:, 0], torch.sin(torch.arange(5.0))))
        self.assertTrue(torch.allclose(pe[:, 1], torch.cos(torch.arange(5.0))))
        self.assertAlmostEqual(float(pe[3, 2]), float(torch.sin(torch.tensor(3.0) * 10000 ** (-2 / 32))), places=6)

    def test_pooling_sorts_each_channel(self):
        gpo = EchoingStudent(SMALL).gpool
        f = torch.tensor([[[1.0, 5.0], [3.0, 4.0], [2.0, 6.0]]])  # [1, T=3, D=2]
        with torch.no_grad():
            w = gpo.pool_weights(3)
            got = gpo(f)
        self.assertAlmostEqual(float(got[0, 0]), float(w[0] * 3 + w[1] * 2 + w[2] * 1), places=6)
        self.assertAlmostEqual(float(got[0, 1]), float(w[0] * 6 + w[1] * 5 + w[2] * 4), places=6)


if __name__ == "__main__":
    unittest.main()
