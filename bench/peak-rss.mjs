// Preloaded (node --import) into the process whose peak memory and CPU the
// benchmark reads: at exit it writes {"maxRssKb", "cpuMs"} from
// process.resourceUsage() (peak RSS; user + system CPU of the whole process,
// start-up included) to the file named by NM_BENCH_RSS_FILE. Plain JS so it
// adds nothing to the measured RSS.
import { writeFileSync } from 'node:fs';

const file = process.env.NM_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: r.maxRSS, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 }));
  });
}
