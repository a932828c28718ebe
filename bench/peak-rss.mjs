// Preloaded (node --import) into the process whose peak memory the benchmark
// reads: at exit it writes process.resourceUsage().maxRSS (KiB) to the file
// named by NM_BENCH_RSS_FILE. Plain JS so it adds nothing to the measured RSS.
import { writeFileSync } from 'node:fs';

const file = process.env.NM_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
