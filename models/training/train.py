"""Train a TFLocoformer on the generated material, on CPU, with resumable checkpoints.

    nice -n 10 /usr/bin/python3 models/training/train.py --task 2stem --name lite-2stem [--config lite]
        [--data /work/data] [--runs /work/runs] [--batch 1] [--frames 64] [--lr 1e-3] [--resume]

Each example is a random chunk of `frames` STFT frames ((frames - 1) * 512 samples; default: the config's real-time
chunk, left + frames + right = 64 for lite), std-normalized like the C# engine; the loss (losses.py) is computed on
the iSTFT of the network's complex output. Files under <runs>/<name>/:
  last.pt       full checkpoint (model, optimizer, step, RNG states, history), rewritten atomically every
                --checkpoint-minutes, at every validation and on SIGTERM/SIGINT; `--resume` continues from it exactly
  best.pt       the same, from the validation with the best mean uSDR
  history.jsonl one JSON object per logged training window and per validation
  train.log     (when started with nohup ... > train.log)
Validation: a fixed set of unaugmented chunks of the validation songs (seeded), uSDR per stem (mean over chunks),
with the mixture-as-estimate floor logged once. uSDR per stem over the whole set (the chunks as one signal).
"""

import os

# Debian's torch calls the system OpenBLAS (libopenblas0-pthread), whose own thread pool spins next to torch's
# intra-op threads: on 2 shared cores one training step took 8.8-13 CPU-s with it and 6.6 CPU-s with OpenBLAS
# single-threaded (torch.set_num_threads(2) kept). Must be set before numpy/torch load the library.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Dict, List, Optional  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import ExampleSampler, chunk_samples, fixed_set, task_stems  # noqa: E402
from config import get_config, sums_to_mixture  # noqa: E402
from locoformer import TFLocoformer  # noqa: E402
from losses import chunk_std, from_model_output, istft, separate_chunk, separation_loss, stft, \
    to_model_input  # noqa: E402
from metrics import usdr  # noqa: E402


def atomic_save(obj, path: str) -> None:
    """torch.save through a temporary file in the same folder and a rename: a reader never sees half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".pt.tmp", dir=folder)
    os.close(fd)
    try:
        torch.save(obj, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def calibrate_output(model: TFLocoformer, mix: torch.Tensor, targets: torch.Tensor) -> Dict[str, float]:
    """Data-dependent initialization of the band-merge output scale (the architecture is unchanged).

    The contract's spectra are large (a unit-std chunk has |X| of tens per low bin, below 1 near Nyquist) while the
    freshly initialized band merge emits values of order 0.5 everywhere; AdamW, moving weights by ~lr per step, needs
    thousands of steps just to grow them. So before training, the value half of every band's GLU projection (weights
    and bias) is multiplied by rms(target spectra in the band) / rms(output in the band), measured on one batch:
    the first output then has the targets' level in every band. Full-band models (no bands) are left as they are."""
    merge = model.output
    if model.cfg.bands is None:
        return {}
    with torch.no_grad():
        std = chunk_std(mix)
        ref = stft(targets / std.unsqueeze(1))                                   # [B, S, ch, F, T]
        out = from_model_output(model(to_model_input(stft(mix / std))))
        ch = model.cfg.in_channels
        first, ratios = 0, {}
        for i, (_, n, w) in enumerate(merge.runs):
            for j in range(n):
                band = slice(first + j * w, first + (j + 1) * w)
                r = ref[..., band, :].abs().pow(2).mean().sqrt()
                o = out[..., band, :].abs().pow(2).mean().sqrt().clamp_min(1e-8)
                scale = float(r / o)
                merge.weight[i][j, :, :ch * w] *= scale
                merge.bias[i][j, :, :ch * w] *= scale
                ratios[f"{first + j * w}"] = scale
            first += n * w
    return ratios


class Trainer:
    """Model, optimizer, data sampler and RNG of one run; `step()` trains one batch, `state()`/`load()` round-trip
    everything needed for an identical continuation."""

    def __init__(self, config: str, task: str, data: str, frames: Optional[int] = None, batch: int = 1,
                 lr: float = 1e-3, warmup: int = 100, weight_decay: float = 1e-2, clip: float = 5.0, seed: int = 0,
                 remix: float = 0.5, init: Optional[str] = None, frame_choices: Optional[List[int]] = None,
                 output: str = "mask", decay_steps: int = 0, final_lr: float = 0.0):
        self.cfg = get_config(config)
        self.config_name, self.task = config, task
        self.stems: List[str] = task_stems(task)
        # Each step trains on one of `frame_choices` chunk lengths (the plugin's latency modes run the network on
        # different lengths), drawn at that length so the sampler's silence check sees what is trained on.
        self.frame_choices = sorted(frame_choices) if frame_choices else [frames or self.cfg.chunk.total]
        self.frames = self.frame_choices[-1]
        self.length = chunk_samples(self.frames)
        self.batch, self.base_lr, self.warmup, self.clip = batch, lr, warmup, clip
        self.decay_steps, self.final_lr = decay_steps, final_lr
        torch.manual_seed(seed)
        random.seed(seed)
        if output not in ("mask", "spectrum"):
            raise ValueError(f"output must be 'mask' or 'spectrum', got '{output}'")
        consistent, masked = sums_to_mixture(self.stems), output == "mask"
        self.model = TFLocoformer(self.cfg, len(self.stems), mixture_consistent=consistent, complex_mask=masked)
        self.sampler = ExampleSampler(data, task, "train", self.length, remix=remix)
        fresh_head = True
        if init:
            state = torch.load(init, map_location="cpu")
            weights = shared_weights(state["model"] if "model" in state else state, len(self.stems),
                                     self.cfg.merge_hidden, masked)
            missing = self.model.load_state_dict(weights, strict=False).missing_keys
            if [k for k in missing if not k.startswith("output.")]:
                raise ValueError(f"{init} lacks weights this network needs: "
                                 f"{sorted(k for k in missing if not k.startswith('output.'))}")
            fresh_head = bool(missing)
            self.model.mixture_consistent.fill_(consistent)      # this run's choices, not the source run's
            self.model.complex_mask.fill_(masked)
        if fresh_head and masked:
            quiet_mask_head(self.model)
        elif fresh_head:
            mix, targets = self.sampler.batch(np.random.default_rng(seed + 1), 4)
            calibrate_output(self.model, torch.from_numpy(mix), torch.from_numpy(targets))
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=lr, weight_decay=weight_decay)
        self.rng = np.random.default_rng(seed)
        self.step_count = 0
        self.history: List[Dict] = []
        self.best = -math.inf

    def lr(self) -> float:
        """Linear warm-up over `warmup` steps, then constant; with `decay_steps`, a cosine from the base rate down to
        `final_lr` at step `decay_steps`, and `final_lr` after it. A function of the step alone, so a resumed run
        follows the same schedule."""
        rate = self.base_lr
        if self.decay_steps > 0:
            done = min(1.0, self.step_count / self.decay_steps)
            rate = self.final_lr + (self.base_lr - self.final_lr) * 0.5 * (1.0 + math.cos(math.pi * done))
        return rate * min(1.0, (self.step_count + 1) / max(1, self.warmup))

    def step(self) -> float:
        length = self.length
        if len(self.frame_choices) > 1:
            length = chunk_samples(int(self.rng.choice(self.frame_choices)))
        mix, targets = self.sampler.batch(self.rng, self.batch, length)
        return self.train_on(torch.from_numpy(mix), torch.from_numpy(targets))

    def train_on(self, mix: torch.Tensor, targets: torch.Tensor) -> float:
        """One optimizer step on mix [B, 2, L], targets [B, S, 2, L] (raw scale); returns the loss before the step."""
        self.model.train()
        std = chunk_std(mix)
        mix_n, targets_n = mix / std, targets / std.unsqueeze(1)
        est = istft(from_model_output(self.model(to_model_input(stft(mix_n)))), mix.shape[-1])
        loss = separation_loss(est, targets_n, mix_n)
        if not torch.isfinite(loss):
            # One NaN step poisons every weight through AdamW for good; refuse it loudly instead of stepping.
            raise FloatingPointError(f"non-finite training loss at step {self.step_count + 1}: {float(loss)}")
        for g in self.opt.param_groups:
            g["lr"] = self.lr()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.opt.step()
        self.step_count += 1
        return float(loss.detach())

    def validate(self, mix: np.ndarray, targets: np.ndarray, batch: int = 4) -> Dict[str, float]:
        """uSDR of each stem over the whole set (energies summed over all chunks, as if the chunks were one track;
        a per-chunk mean would be dominated by chunks where a stem is silent), through the C# engine's per-chunk
        signal path, at raw scale."""
        self.model.eval()
        with torch.no_grad():
            est = np.concatenate([separate_chunk(self.model, torch.from_numpy(mix[a:a + batch])).numpy()
                                  for a in range(0, len(mix), batch)])
        return set_usdr(targets, est, self.stems)

    def state(self) -> Dict:
        return {
            "model": self.model.state_dict(), "optimizer": self.opt.state_dict(), "step": self.step_count,
            "rng": {"numpy": self.rng.bit_generator.state, "torch": torch.get_rng_state(), "python": random.getstate()},
            "config": self.config_name, "task": self.task, "stems": self.stems, "frames": self.frames,
            "frameChoices": self.frame_choices,
            "batch": self.batch, "history": self.history, "best": self.best,
        }

    def load(self, state: Dict) -> None:
        for key, mine in (("config", self.config_name), ("task", self.task), ("frames", self.frames)):
            if state[key] != mine:
                raise ValueError(f"checkpoint has {key} '{state[key]}' but this run uses '{mine}'")
        self.model.load_state_dict(state["model"])
        self.opt.load_state_dict(state["optimizer"])
        self.step_count = state["step"]
        self.rng.bit_generator.state = state["rng"]["numpy"]
        torch.set_rng_state(state["rng"]["torch"])
        random.setstate(state["rng"]["python"])
        self.history, self.best = state["history"], state["best"]


def shared_weights(state: Dict[str, torch.Tensor], stems: int, hidden: int,
                   complex_mask: bool) -> Dict[str, torch.Tensor]:
    """The part of a checkpoint that a run with `stems` outputs can start from: everything; with another number of
    stems, everything but the band merge's per-stem projection (`output.stem.*`, stems x hidden rows); with another
    kind of output (spectrum or mask), everything but the whole head (`output.*`). What is left out starts fresh.

    Copying heads instead (drums, bass, instruments and fx from a 2-stem checkpoint's instrumental rows) made a
    5-stem run collapse within 100 steps to every stem = mix / 5, where it stayed (uSDR unchanged at step 200)."""
    same_kind = bool(state.get("complex_mask", torch.tensor(False))) == complex_mask
    if same_kind and state["output.stem.weight"].shape[0] == stems * hidden:
        return state
    fresh = "output.stem." if same_kind else "output."
    return {k: v for k, v in state.items() if not k.startswith(fresh)}


def quiet_mask_head(model: TFLocoformer, scale: float = 0.1) -> None:
    """A fresh mask head starts near zero, so a mixture-consistent network starts at mix / S for every stem rather
    than at random complex masks of magnitude ~0.25."""
    with torch.no_grad():
        for name, p in model.output.named_parameters():
            if not name.startswith("stem"):
                p.mul_(scale)


def set_usdr(targets: np.ndarray, est: np.ndarray, stems: List[str]) -> Dict[str, float]:
    """targets/est [N, S, ch, L] -> uSDR per stem with the N chunks taken as one signal."""
    return {s: usdr(targets[:, k], est[:, k]) for k, s in enumerate(stems)}


def mixture_floor(mix: np.ndarray, targets: np.ndarray, stems: List[str]) -> Dict[str, float]:
    """The mixture used as the estimate of every stem."""
    return set_usdr(targets, np.repeat(mix[:, None], len(stems), axis=1), stems)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", required=True, choices=["2stem", "5stem", "clean"])
    p.add_argument("--name", required=True, help="run name: folder under --runs")
    p.add_argument("--config", default="lite")
    p.add_argument("--data", default="/work/data")
    p.add_argument("--runs", default="/work/runs")
    p.add_argument("--frames", default=None,
                   help="chunk frames, or a comma list to draw one per step (default: the config's left+frames+right)")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--decay-steps", type=int, default=0,
                   help="cosine decay of the learning rate to --final-lr at this step (0: constant after warm-up)")
    p.add_argument("--final-lr", type=float, default=0.0)
    p.add_argument("--remix", type=float, default=0.5, help="probability that a stem comes from another song")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=10 ** 9, help="stop after this many steps")
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--val-every", type=int, default=100)
    p.add_argument("--val-count", type=int, default=16)
    p.add_argument("--checkpoint-minutes", type=float, default=5.0)
    p.add_argument("--threads", type=int, default=1,
                   help="torch intra-op threads; on 2 cores shared with builds, 1 thread ran a lite step in 7.3 s "
                        "where 2 threads took 14-30 s (barrier waits behind preempted threads)")
    p.add_argument("--init", default=None, help="weights-only state dict to start from (not a resume)")
    p.add_argument("--output", default="mask", choices=["mask", "spectrum"],
                   help="what the head emits: a complex mask on the mix (default) or the stem spectrum")
    p.add_argument("--resume", action="store_true", help="continue from <runs>/<name>/last.pt")
    a = p.parse_args(argv)

    torch.set_num_threads(a.threads)
    run = os.path.join(a.runs, a.name)
    os.makedirs(run, exist_ok=True)
    last, best = os.path.join(run, "last.pt"), os.path.join(run, "best.pt")
    choices = [int(f) for f in a.frames.split(",")] if a.frames else None
    t = Trainer(a.config, a.task, a.data, None, a.batch, a.lr, a.warmup, seed=a.seed, remix=a.remix, init=a.init,
                frame_choices=choices, output=a.output, decay_steps=a.decay_steps, final_lr=a.final_lr)
    if a.resume:
        if not os.path.exists(last):
            p.error(f"--resume: {last} does not exist")
        t.load(torch.load(last, map_location="cpu"))
        print(f"resumed {last} at step {t.step_count}", flush=True)
    val_mix, val_targets = fixed_set(a.data, a.task, t.length, a.val_count)
    floor = mixture_floor(val_mix, val_targets, t.stems)
    print(f"run {a.name}: config {a.config}, task {a.task} {t.stems}, frames {t.frame_choices} (max {t.length} samples), "
          f"batch {a.batch}, {sum(p.numel() for p in t.model.parameters()):,} parameters; "
          f"validation floor (mixture) uSDR {json.dumps({k: round(v, 2) for k, v in floor.items()})}", flush=True)

    def log(entry: Dict) -> None:
        t.history.append(entry)
        with open(os.path.join(run, "history.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    stop = {"now": False}

    def on_signal(signum, _frame):
        stop["now"] = True
        print(f"signal {signum}: saving and stopping", flush=True)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    last_save, window, window_start = time.time(), [], time.time()
    while t.step_count < a.steps and not stop["now"]:
        try:
            window.append(t.step())
        except FloatingPointError as e:          # the batch is skipped, the weights are untouched
            print(f"skipped: {e}", flush=True)
            log({"step": t.step_count, "skipped": str(e), "time": time.time()})
            continue
        if t.step_count % a.log_every == 0:
            secs = (time.time() - window_start) / len(window)
            entry = {"step": t.step_count, "loss": float(np.mean(window)), "secondsPerStep": secs, "lr": t.lr(),
                     "time": time.time()}
            log(entry)
            print(f"step {t.step_count} loss {entry['loss']:.4f} {secs:.2f} s/step lr {entry['lr']:.2e}", flush=True)
            window, window_start = [], time.time()
        if t.step_count % a.val_every == 0:
            started = time.time()
            scores = t.validate(val_mix, val_targets)
            mean = float(np.mean(list(scores.values())))
            log({"step": t.step_count, "valid": scores, "validMean": mean, "floor": floor, "time": time.time()})
            print(f"valid step {t.step_count}: uSDR {json.dumps({k: round(v, 2) for k, v in scores.items()})} "
                  f"mean {mean:.2f} dB ({time.time() - started:.0f} s)", flush=True)
            if mean > t.best:
                t.best = mean
                atomic_save(t.state(), best)
            atomic_save(t.state(), last)
            last_save = time.time()
            window_start += time.time() - started
        if time.time() - last_save > a.checkpoint_minutes * 60:
            atomic_save(t.state(), last)
            last_save = time.time()
    atomic_save(t.state(), last)
    print(f"stopped at step {t.step_count}; checkpoint {last}", flush=True)


if __name__ == "__main__":
    main()
