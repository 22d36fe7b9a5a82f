/* In-process xmlsec (Debian's libxmlsec1 with the OpenSSL engine, the library behind the xmlsec1 command) verifying
 * one signed document in a loop, so that per-verification time is measured without process start-up.
 *
 * Each iteration does what one verification needs, as the sso-doctor and xml-crypto measurements do: parse the
 * XML, register ID attributes (xmlsec1's --id-attr:ID), load the certificate's public key from PEM, find the
 * ds:Signature, verify it.
 *
 *   verify_loop XML CERT_PEM ITERS     prints one JSON line (median and min nanoseconds)
 *
 * Build: gcc -O2 verify_loop.c $(pkg-config --cflags --libs xmlsec1-openssl) -o verify_loop
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/crypto.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Registers every ID attribute as an XML ID, as `xmlsec1 --id-attr:ID <element>` does for the SAML elements. */
static void register_ids(xmlDocPtr doc, xmlNodePtr node) {
    for (xmlNodePtr cur = node; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE) continue;
        xmlAttrPtr attr = xmlHasProp(cur, BAD_CAST "ID");
        if (attr) {
            xmlChar *value = xmlNodeListGetString(doc, attr->children, 1);
            if (value) {
                if (xmlGetID(doc, value) == NULL) xmlAddID(NULL, doc, value, attr);
                xmlFree(value);
            }
        }
        register_ids(doc, cur->children);
    }
}

/* 1 if the document's first ds:Signature verifies with the certificate, 0 if not, -1 on error. */
static int verify_once(const char *xml, size_t xml_len, const char *cert, size_t cert_len) {
    int ok = -1;
    xmlDocPtr doc = xmlReadMemory(xml, (int)xml_len, "doc.xml", NULL, XML_PARSE_NONET);
    if (!doc) return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    register_ids(doc, root);
    xmlNodePtr sig = xmlSecFindNode(root, xmlSecNodeSignature, xmlSecDSigNs);
    xmlSecDSigCtxPtr ctx = sig ? xmlSecDSigCtxCreate(NULL) : NULL;
    if (ctx) {
        ctx->signKey = xmlSecCryptoAppKeyLoadMemory((const xmlSecByte *)cert, (xmlSecSize)cert_len,
                                                    xmlSecKeyDataFormatCertPem, NULL, NULL, NULL);
        if (ctx->signKey && xmlSecDSigCtxVerify(ctx, sig) == 0)
            ok = ctx->status == xmlSecDSigStatusSucceeded ? 1 : 0;
        xmlSecDSigCtxDestroy(ctx);
    }
    xmlFreeDoc(doc);
    return ok;
}

static int cmp_u64(const void *a, const void *b) {
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

static unsigned long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: verify_loop XML CERT_PEM ITERS\n"); return 2; }
    size_t xml_len, cert_len;
    char *xml = read_file(argv[1], &xml_len);
    char *cert = read_file(argv[2], &cert_len);
    long iters = atol(argv[3]);
    if (iters < 0) iters = 0;

    xmlInitParser();
    if (xmlSecInit() < 0 || xmlSecCryptoAppInit(NULL) < 0 || xmlSecCryptoInit() < 0) {
        fprintf(stderr, "xmlsec initialisation failed\n");
        return 2;
    }
    if (verify_once(xml, xml_len, cert, cert_len) != 1) {
        fprintf(stderr, "%s does not verify with %s\n", argv[1], argv[2]);
        return 1;
    }
    long warmup = iters / 10;
    for (long i = 0; i < warmup; i++) verify_once(xml, xml_len, cert, cert_len);
    unsigned long long *t = calloc((size_t)(iters > 0 ? iters : 1), sizeof *t);
    for (long i = 0; i < iters; i++) {
        unsigned long long start = now_ns();
        if (verify_once(xml, xml_len, cert, cert_len) != 1) { fprintf(stderr, "verification failed\n"); return 1; }
        t[i] = now_ns() - start;
    }
    if (iters > 0) {
        qsort(t, (size_t)iters, sizeof *t, cmp_u64);
        printf("{\"bench\":\"verify\",\"impl\":\"xmlsec (libxmlsec1 %s, in-process)\",\"median_ns\":%llu,"
               "\"min_ns\":%llu,\"iters\":%ld,\"bytes\":%zu}\n",
               XMLSEC_VERSION, t[iters / 2], t[0], iters, xml_len);
    }
    xmlSecCryptoShutdown();
    xmlSecCryptoAppShutdown();
    xmlSecShutdown();
    xmlCleanupParser();
    return 0;
}
