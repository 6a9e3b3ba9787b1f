/**
 * A fragment for the fake `curl` scripts: with FAKE_CURL_BARRIER (an empty folder) and
 * FAKE_CURL_TOGETHER=n set, each request waits until n requests have started. The probe's
 * concurrency is thus proved without a clock: run one at a time, the first waits 30 s, gives
 * up and every request fails with exit 99 and a message saying how many ever ran at once.
 */
export const CURL_BARRIER_SH = `
if [ -n "$FAKE_CURL_BARRIER" ]; then
  : > "$FAKE_CURL_BARRIER/started.$$"
  started() { ls "$FAKE_CURL_BARRIER" | grep -c '^started'; }
  n=0
  until [ "$(started)" -ge "$FAKE_CURL_TOGETHER" ]; do
    if [ -e "$FAKE_CURL_BARRIER/gave-up" ] || [ $n -ge 600 ]; then
      : > "$FAKE_CURL_BARRIER/gave-up"
      echo "fake curl: only $(started) of $FAKE_CURL_TOGETHER requests were running at once" >&2
      printf 000; exit 99
    fi
    n=$((n + 1)); sleep 0.05
  done
fi
`;
