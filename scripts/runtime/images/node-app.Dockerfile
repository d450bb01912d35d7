# wharf-test/node-app: FROM scratch + the host's /usr/bin/node and its ldd libraries + busybox
# (context prepared by build-test-images.sh). :2 is built FROM :1 with APP_VERSION=v2.
FROM scratch
COPY rootfs/ /
COPY app.js /app/app.js
ARG APP_VERSION=v1
ENV APP_VERSION=${APP_VERSION} PORT=3000
WORKDIR /app
EXPOSE 3000
CMD ["/usr/bin/node", "/app/app.js"]
