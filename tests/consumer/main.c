/* SPDX-License-Identifier: Apache-2.0 */
/* A downstream C program: the C API through the installed library. */
#include <infoclass/infoclass.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  static const char* const text =
      "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": ["
      "{\"id\": \"journal\", \"kind\": \"information\", \"classification\": {\"K\": 3}},"
      "{\"id\": \"srv\", \"kind\": \"server\"}],"
      "\"dependencies\": [{\"from\": \"journal\", \"to\": \"srv\", \"type\": \"depends_on\"}]}";
  infoclass_model* m = NULL;
  infoclass_assessment* a = NULL;
  int k = 0;
  if (infoclass_model_from_json(text, strlen(text), &m) != INFOCLASS_OK ||
      infoclass_propagate(m, 1, &a) != INFOCLASS_OK || infoclass_effective(a, "srv", "K", &k) != INFOCLASS_OK) {
    fprintf(stderr, "%s\n", infoclass_last_error());
    return 1;
  }
  printf("c: srv K%d (infoclass %s)\n", k, infoclass_version());
  infoclass_assessment_free(a);
  infoclass_model_free(m);
  return 0;
}
