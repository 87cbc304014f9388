/* The progress bar of the CLI (see cli.h): one line on a terminal's stderr, redrawn in
 * place; messages about bad input lines are printed above it and it carries on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

void pc_progress_start(struct pc_progress *p, const char *label, uint64_t total_bytes)
{
    p->label = label;
    p->total = total_bytes;
    p->start = pc_cli_now();
    p->last_draw = 0;
    p->done = p->items = 0;
    p->drawn = 0;
    p->enabled = !pc_cli_quiet && isatty(2);
    const char *iv = getenv("PRICER_PROGRESS_INTERVAL");
    p->interval = iv && *iv ? atof(iv) : 0.1;
}

void pc_progress_total(struct pc_progress *p, uint64_t total_bytes)
{
    if (total_bytes) p->total = total_bytes;
}

static void draw(struct pc_progress *p, double now)
{
    p->last_draw = now;
    double el = now - p->start;
    if (el <= 0) el = 1e-9;
    uint64_t done = p->done;
    char line[256], c[32];
    int n = snprintf(line, sizeof line, "\r%-12s", p->label);
    if (p->total) {
        double f = (double)done / (double)p->total;
        if (f > 1) f = 1;
        int w = 24, fill = (int)(f * w);
        n += snprintf(line + n, sizeof line - n, " [");
        for (int i = 0; i < w; i++) line[n++] = i < fill ? '#' : '.';
        n += snprintf(line + n, sizeof line - n, "] %3.0f%%", f * 100);
    }
    if (done) n += snprintf(line + n, sizeof line - n, "  %.1f MB/s", done / el / 1e6);
    n += snprintf(line + n, sizeof line - n, "  %s items", pc_cli_commas(p->items, c));
    if (!done) n += snprintf(line + n, sizeof line - n, "  %.0f s", el);
    if (p->total && done > 0 && done < p->total) {
        double eta = el * (double)(p->total - done) / (double)done;
        n += snprintf(line + n, sizeof line - n, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
    }
    snprintf(line + n, sizeof line - n, "\033[K");
    fputs(line, stderr);
    fflush(stderr);
    p->drawn = 1;
}

void pc_progress_update(struct pc_progress *p, uint64_t done, uint64_t items)
{
    p->done = done;
    p->items = items;
    if (!p->enabled) return;
    double now = pc_cli_now();
    if (now - p->last_draw < p->interval) return;
    draw(p, now);
}

void pc_progress_message(struct pc_progress *p, const char *fmt, ...)
{
    if (p->drawn) fputs("\r\033[K", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    p->drawn = 0;
    if (p->enabled && p->last_draw > 0) draw(p, pc_cli_now());
}

void pc_progress_finish(struct pc_progress *p)
{
    if (p->drawn) fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = 0;
    p->enabled = 0;
}
