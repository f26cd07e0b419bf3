/* SPDX-License-Identifier: Apache-2.0 */
/* The C API from C99: build, change, propagate, read, explain, fail -- and
 * every handle released (AddressSanitizer and LeakSanitizer watch in CI). */
#include "infoclass/infoclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                                                    \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                                         \
      ++failures;                                                                                                      \
    }                                                                                                                  \
  } while (0)

#define OK(call)                                                                                                       \
  do {                                                                                                                 \
    infoclass_status s_ = (call);                                                                                      \
    if (s_ != INFOCLASS_OK) {                                                                                          \
      fprintf(stderr, "%s:%d: %s -> %d: %s\n", __FILE__, __LINE__, #call, (int)s_, infoclass_last_error());            \
      ++failures;                                                                                                      \
    }                                                                                                                  \
  } while (0)

static const char* const example =
    "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": ["
    "{\"id\": \"journal\", \"kind\": \"information\", \"classification\": {\"K\": 3, \"T\": 2}},"
    "{\"id\": \"app\", \"kind\": \"application\"},"
    "{\"id\": \"srv\", \"kind\": \"server\"}],"
    "\"dependencies\": [{\"from\": \"journal\", \"to\": \"app\", \"type\": \"processed_by\"},"
    "{\"from\": \"app\", \"to\": \"srv\", \"type\": \"runs_on\"}]}";

int main(void) {
  infoclass_model* m = NULL;
  infoclass_model* other = NULL;
  infoclass_assessment* a = NULL;
  infoclass_assessment* before = NULL;
  infoclass_explanation* e = NULL;
  char* text = NULL;
  size_t n = 0, deps = 0, steps = 0, length = 0;
  int level = 0, removed = 0;
  const char* asset = NULL;
  const char* cause = NULL;
  const char* via = NULL;

  CHECK(strlen(infoclass_version()) >= 5);
  CHECK(infoclass_version_number() >= 100);

  OK(infoclass_model_from_json(example, strlen(example), &m));
  OK(infoclass_model_size(m, &n, &deps));
  CHECK(n == 3 && deps == 2);
  OK(infoclass_model_properties(m, &n));
  CHECK(n == 4);
  OK(infoclass_model_property_key(m, 3, &asset));
  CHECK(strcmp(asset, "S") == 0);

  OK(infoclass_propagate(m, 1, &a));
  OK(infoclass_effective(a, "srv", "K", &level));
  CHECK(level == 3);
  OK(infoclass_effective(a, "srv", "availability", &level));
  CHECK(level == 2);
  OK(infoclass_effective(a, "srv", "R", &level));
  CHECK(level == INFOCLASS_NO_LEVEL);
  OK(infoclass_cause(a, "srv", "K", &text));
  CHECK(strcmp(text, "edge from app (runs_on)") == 0);
  infoclass_string_free(text);

  /* the explanation walks back to the information */
  OK(infoclass_explain(a, "srv", "K", &e));
  OK(infoclass_explanation_size(e, &steps));
  CHECK(steps == 3);
  OK(infoclass_explanation_step(e, 0, &asset, &level, &cause, &via));
  CHECK(strcmp(asset, "srv") == 0 && level == 3 && strcmp(via, "") == 0);
  OK(infoclass_explanation_step(e, 2, &asset, &level, &cause, &via));
  CHECK(strcmp(asset, "journal") == 0 && strcmp(cause, "own assessment") == 0);
  CHECK(infoclass_explanation_step(e, 3, &asset, NULL, NULL, NULL) == INFOCLASS_ERROR_INVALID);
  CHECK(strstr(infoclass_last_error(), "step index 3: out of range") != NULL);
  infoclass_explanation_free(e);

  /* dependencies by column, and a redundancy group that needs 2 of its 3 members */
  {
    infoclass_model* q = NULL;
    const char* quorum = "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": ["
                         "{\"id\": \"app\", \"kind\": \"application\", \"classification\": {\"T\": 3}},"
                         "{\"id\": \"n1\", \"kind\": \"server\"}, {\"id\": \"n2\", \"kind\": \"server\"},"
                         "{\"id\": \"n3\", \"kind\": \"server\"}, {\"id\": \"site\", \"kind\": \"site\"}]}";
    const uint32_t from[] = {1, 2, 3};
    const uint32_t to[] = {4, 4, 4};
    const uint32_t type[] = {0, 0, 0};
    const char* types[] = {"located_in"};
    const uint32_t bad_to[] = {4, 4, 9};
    infoclass_assessment* qa = NULL;
    OK(infoclass_model_from_json(quorum, strlen(quorum), &q));
    CHECK(infoclass_model_add_dependencies(q, 3, from, bad_to, type, types, 1) == INFOCLASS_ERROR_INVALID);
    OK(infoclass_model_size(q, &n, &deps));
    CHECK(deps == 0); /* all or nothing */
    OK(infoclass_model_add_dependencies(q, 3, from, to, type, types, 1));
    OK(infoclass_model_add_group_member(q, "app", "n1", "runs_on", "db", 2));
    OK(infoclass_model_add_group_member(q, "app", "n2", "runs_on", "db", 0));
    CHECK(infoclass_model_add_group_member(q, "app", "n3", "runs_on", "db", 3) == INFOCLASS_ERROR_INVALID);
    CHECK(strstr(infoclass_last_error(), "group db needs 3 here, but app -> n1 (runs_on) says it needs 2") != NULL);
    /* 2 of 2: no spare, n2 keeps T3; a third member gives the group a spare */
    OK(infoclass_propagate(q, 1, &qa));
    OK(infoclass_effective(qa, "n2", "T", &level));
    CHECK(level == 3);
    infoclass_assessment_free(qa);
    OK(infoclass_model_add_group_member(q, "app", "n3", "runs_on", "db", 2));
    OK(infoclass_propagate(q, 1, &qa));
    OK(infoclass_effective(qa, "n2", "T", &level));
    CHECK(level == 2);
    OK(infoclass_cause(qa, "n2", "T", &text));
    CHECK(strcmp(text, "edge from app (runs_on, redundancy group db: 2 of 3 needed)") == 0);
    infoclass_string_free(text);
    OK(infoclass_effective(qa, "site", "T", &level));
    CHECK(level == 2); /* located_in from the nodes */
    infoclass_assessment_free(qa);
    infoclass_model_free(q);
  }

  /* full runs on two workers: the same levels as one. 60,000 assets (threads
   * start from 50,000): information processed by applications in chains of
   * 100, with a two-member cycle every 1,000 and levels that vary. */
  {
    enum { half = 30000, total = 2 * half };
    const char* types[] = {"processed_by", "depends_on"};
    uint32_t* from = malloc(sizeof(uint32_t) * 4 * half);
    uint32_t* to = malloc(sizeof(uint32_t) * 4 * half);
    uint32_t* type = malloc(sizeof(uint32_t) * 4 * half);
    signed char* one = malloc((size_t)total * 4);
    signed char* two = malloc((size_t)total * 4);
    infoclass_model* big = NULL;
    infoclass_assessment* ba = NULL;
    unsigned threads = 7;
    size_t k = 0;
    char id[32];
    int i;
    CHECK(from != NULL && to != NULL && type != NULL && one != NULL && two != NULL);
    OK(infoclass_model_new("se-klassa", &big));
    OK(infoclass_model_threads(big, &threads));
    CHECK(threads == 1); /* the default */
    for (i = 0; i < half; ++i) {
      snprintf(id, sizeof id, "i%d", i);
      OK(infoclass_model_add_asset(big, id, "information", NULL, NULL));
      OK(infoclass_model_set_level(big, id, "K", i % 5));
      OK(infoclass_model_set_level(big, id, "T", (i * 7) % 5));
    }
    for (i = 0; i < half; ++i) {
      snprintf(id, sizeof id, "a%d", i);
      OK(infoclass_model_add_asset(big, id, "application", NULL, NULL));
    }
    for (i = 0; i < half; ++i) {
      from[k] = (uint32_t)i, to[k] = (uint32_t)(half + i), type[k++] = 0;
      from[k] = (uint32_t)((i * 31 + 1) % half), to[k] = (uint32_t)(half + i), type[k++] = 0;
      if (i % 100 != 99) {
        from[k] = (uint32_t)(half + i), to[k] = (uint32_t)(half + i + 1), type[k++] = 1;
      }
      if (i % 1000 == 0) {
        from[k] = (uint32_t)(half + i + 1), to[k] = (uint32_t)(half + i), type[k++] = 1;
      }
    }
    OK(infoclass_model_add_dependencies(big, k, from, to, type, types, 2));
    OK(infoclass_propagate(big, 1, &ba));
    OK(infoclass_assessment_levels(ba, 0, one, (size_t)total * 4));
    infoclass_assessment_free(ba);
    OK(infoclass_model_set_threads(big, 2));
    OK(infoclass_model_threads(big, &threads));
    CHECK(threads == 2);
    OK(infoclass_propagate(big, 0, &ba));
    OK(infoclass_assessment_levels(ba, 0, two, (size_t)total * 4));
    CHECK(memcmp(one, two, (size_t)total * 4) == 0);
    CHECK(one[4 * (half + 99)] == 4); /* the end of a chain: the highest K among its information */
    infoclass_assessment_free(ba);
    CHECK(infoclass_model_set_threads(NULL, 2) == INFOCLASS_ERROR_ARGUMENT);
    CHECK(infoclass_model_threads(big, NULL) == INFOCLASS_ERROR_ARGUMENT);
    infoclass_model_free(big);
    free(from);
    free(to);
    free(type);
    free(one);
    free(two);
  }

  /* every level at once, in model order: journal, app, srv; K R T S */
  {
    signed char eff[12];
    signed char der[12];
    OK(infoclass_assessment_levels(a, 0, eff, 12));
    OK(infoclass_assessment_levels(a, 1, der, 12));
    CHECK(eff[0] == 3 && eff[1] == INFOCLASS_NO_LEVEL && eff[2] == 2 && eff[3] == INFOCLASS_NO_LEVEL);
    CHECK(eff[8] == 3 && eff[10] == 2 && der[8] == 3); /* srv, through app */
    OK(infoclass_effective(a, "app", "T", &level));
    CHECK(eff[4 + 2] == level);
    CHECK(infoclass_assessment_levels(a, 0, eff, 11) == INFOCLASS_ERROR_INVALID);
    CHECK(strstr(infoclass_last_error(), "size is 11, the assessment has 3 assets x 4 properties = 12") != NULL);
    CHECK(infoclass_assessment_levels(a, 2, eff, 12) == INFOCLASS_ERROR_INVALID);
    CHECK(infoclass_assessment_levels(a, 0, NULL, 12) != INFOCLASS_OK);
  }

  /* the whole result and an explanation as the CLI's JSON */
  OK(infoclass_assessment_to_json(a, &text, &length));
  CHECK(length == strlen(text) && strstr(text, "\"id\": \"srv\"") != NULL && strstr(text, "\"effective\": {") != NULL);
  infoclass_string_free(text);
  OK(infoclass_explain_json(a, "srv", "K", &text, &length));
  CHECK(strstr(text, "\"asset\": \"journal\"") != NULL && strstr(text, "\"via\": \"runs_on\"") != NULL);
  infoclass_string_free(text);
  CHECK(infoclass_explain_json(a, "srv", "Q", &text, &length) == INFOCLASS_ERROR_INVALID);
  CHECK(strstr(infoclass_last_error(), "Q") != NULL);

  /* a change, propagated incrementally; the earlier result stays as it was */
  before = a;
  OK(infoclass_model_add_asset(m, "site", "site", "Serverrum", NULL));
  OK(infoclass_model_add_dependency(m, "srv", "site", "located_in", NULL));
  OK(infoclass_model_set_level(m, "journal", "K", 4));
  OK(infoclass_model_set_override(m, "app", "T", 3, "manual", "Stödsystem för larm"));
  OK(infoclass_propagate(m, 1, &a));
  OK(infoclass_effective(a, "site", "K", &level));
  CHECK(level == 4);
  OK(infoclass_effective(a, "app", "T", &level));
  CHECK(level == 3);
  OK(infoclass_derived(a, "app", "T", &level));
  CHECK(level == 2);
  OK(infoclass_effective(before, "srv", "K", &level));
  CHECK(level == 3);
  OK(infoclass_assessment_size(before, &n));
  CHECK(n == 3);
  infoclass_assessment_free(before);

  OK(infoclass_model_clear_override(m, "app", "T", &removed));
  CHECK(removed == 1);
  OK(infoclass_model_remove_dependency(m, "srv", "site", "located_in", &removed));
  CHECK(removed == 1);
  OK(infoclass_model_remove_asset(m, "site"));
  OK(infoclass_model_to_json(m, &text, &n));
  CHECK(n == strlen(text) && strstr(text, "\"journal\"") != NULL);
  infoclass_string_free(text);

  /* errors: a status, and the message of model_error */
  CHECK(infoclass_model_set_level(m, "srv", "K", 7) == INFOCLASS_ERROR_INVALID);
  CHECK(strcmp(infoclass_last_error(), "srv: classification/K: level 7 is outside 0..4 of scheme se-klassa") == 0);
  CHECK(infoclass_model_set_level(m, "nope", "K", 1) == INFOCLASS_ERROR_INVALID);
  CHECK(strstr(infoclass_last_error(), "nope") != NULL);
  CHECK(infoclass_effective(a, "srv", "X", &level) == INFOCLASS_ERROR_INVALID);
  CHECK(strstr(infoclass_last_error(), "not a property of scheme se-klassa") != NULL);
  CHECK(infoclass_model_add_dependency(m, "app", "srv", "runs_on", NULL) == INFOCLASS_ERROR_INVALID);
  CHECK(infoclass_model_set_override(m, "app", "T", 3, "sometimes", "x") == INFOCLASS_ERROR_INVALID);
  CHECK(infoclass_model_add_asset(m, NULL, "server", NULL, NULL) == INFOCLASS_ERROR_ARGUMENT);
  CHECK(strcmp(infoclass_last_error(), "infoclass_model_add_asset: id is NULL") == 0);
  CHECK(infoclass_model_add_asset(m, "bad\xff", "server", NULL, NULL) == INFOCLASS_ERROR_ARGUMENT);
  CHECK(infoclass_model_from_json("{\"infoclass\": 1,", 16, &other) == INFOCLASS_ERROR_INVALID);
  CHECK(infoclass_model_load("/no/such/file.json", &other) != INFOCLASS_OK);
  CHECK(strstr(infoclass_last_error(), "/no/such/file.json") != NULL);
  CHECK(infoclass_model_save(m, "/no/such/folder/model.json") == INFOCLASS_ERROR_IO);
  CHECK(infoclass_model_new("no-such-scheme", &other) == INFOCLASS_ERROR_INVALID);
  CHECK(other == NULL); /* outputs are written only on success */
  OK(infoclass_model_size(m, &n, NULL));
  CHECK(n == 3); /* nothing changed by the failed calls */

  infoclass_assessment_free(a);
  infoclass_model_free(m);
  infoclass_model_free(NULL);
  infoclass_assessment_free(NULL);
  infoclass_explanation_free(NULL);
  infoclass_string_free(NULL);

  if (failures == 0) {
    printf("C API: all checks passed\n");
  }
  return failures == 0 ? 0 : 1;
}
