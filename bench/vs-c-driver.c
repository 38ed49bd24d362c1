/*
 * Timing driver for `npm run bench -- vs-c`: reads one point file written by
 * scripts/pareto-points.ts, runs moocore's hypervolume, hypervolume contributions or Pareto
 * ranking on it REPS times in-process and prints each run's milliseconds on one line, then a
 * digest of the result.
 * Nothing of moocore is part of ce-nas: build it from moocore's public repository and link:
 *   cd moocore/c && make hv ndsort OPT_CFLAGS="-O3 -march=native"
 *   cc -O3 -march=native bench/vs-c-driver.c moocore/c/{hv,hv3dplus,hv4d,hvc3d,hv_contrib,pareto}.o -lm -o vs-c-driver
 *   MOOCORE_BIN=$PWD/vs-c-driver npm run bench -- vs-c
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* moocore's public entry points (hv.h, nondominated.h); dimension_t is uint_fast8_t. */
double fpli_hv(const double *data, size_t n, uint_fast8_t d, const double *ref);
double hv_contributions(double *hvc, double *points, size_t n, uint_fast8_t d, const double *ref, bool ignore_dominated);
void pareto_rank(int *rank, const double *points, size_t size, uint_fast8_t dim);

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "hv") != 0 && strcmp(argv[1], "hvc") != 0 && strcmp(argv[1], "ranks") != 0)) {
        fprintf(stderr, "usage: vs-c-driver hv|hvc|ranks FILE REPS\n");
        return 2;
    }
    FILE *file = fopen(argv[2], "r");
    if (!file) { perror(argv[2]); return 1; }
    int reps = atoi(argv[3]);
    /* The dimension is the number of values on the first line. */
    char line[4096];
    if (!fgets(line, sizeof line, file)) { fprintf(stderr, "%s: empty\n", argv[2]); return 1; }
    int dim = 0;
    for (char *s = strtok(line, " \t\r\n"); s; s = strtok(NULL, " \t\r\n")) dim++;
    rewind(file);
    size_t cap = 1 << 16, count = 0;
    double *values = malloc(cap * sizeof *values);
    double x;
    while (fscanf(file, "%lf", &x) == 1) {
        if (count == cap) values = realloc(values, (cap *= 2) * sizeof *values);
        values[count++] = x;
    }
    fclose(file);
    size_t n = count / dim;
    double ref[32];
    for (int k = 0; k < dim; k++) ref[k] = 1.1;
    int *rank = malloc(n * sizeof *rank);
    double *hvc = malloc(n * sizeof *hvc);
    double digest = 0;
    for (int r = 0; r < reps; r++) {
        double start = now_ms();
        if (strcmp(argv[1], "hv") == 0) {
            digest = fpli_hv(values, n, (uint_fast8_t)dim, ref);
        } else if (strcmp(argv[1], "hvc") == 0) {
            /* ignore_dominated: moocore's O(n log n) 3-D path (hvc3d); the cases are one front,
               where it gives the exclusive contributions. The digest is their sum. */
            hv_contributions(hvc, values, n, (uint_fast8_t)dim, ref, true);
            digest = 0;
            for (size_t i = 0; i < n; i++) digest += hvc[i];
        } else {
            pareto_rank(rank, values, n, (uint_fast8_t)dim);
            digest = 0;
            for (size_t i = 0; i < n; i++) digest += rank[i];
        }
        printf("%s%.6f", r == 0 ? "" : " ", now_ms() - start);
    }
    printf("\n%.17g\n", digest);
    return 0;
}
