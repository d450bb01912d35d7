/**
 * The cloud load-balancer drivers against LOCAL STAND-INs of their APIs (Alibaba Cloud and AWS
 * cannot be reached from the test machines; tests/support/lb-standins): the shared conformance
 * scenarios, then per cloud the operations and parameters the driver sends.
 */
import { aliyunSlbCases } from "./aliyun-slb-cases";
import { awsElbv2Cases } from "./aws-elbv2-cases";
import { elbHarness, slbHarness } from "./cloud-subjects";
import { driverConformance } from "./driver-conformance";

driverConformance(slbHarness("tcp"));
driverConformance(slbHarness("http"));
driverConformance(elbHarness("alb"));
driverConformance(elbHarness("nlb"));

aliyunSlbCases();
awsElbv2Cases();
