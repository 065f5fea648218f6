package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.Deployment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which one request tries a model's deployments: the least loaded first, load being the calls in
 * flight divided by the deployment's weight (so a deployment of weight 2 takes twice the calls of one of weight 1);
 * deployments equally loaded (an idle gateway: all at zero) in a weighted random order, so that each comes first in
 * proportion to its weight; deployments whose circuit is open last, behind every other, in the same order.
 */
final class DeploymentBalance {

    /** What balancing reads of a deployment now. */
    interface Load {
        /** Calls of the deployment holding a permit of its bulkhead now. */
        int callsInFlight(Deployment deployment);

        /** Whether its circuit refuses calls now. */
        boolean refusesCalls(Deployment deployment);
    }

    private record Ranked(Deployment deployment, boolean refuses, double load, double lottery) {
    }

    private static final Comparator<Ranked> ORDER = Comparator.comparing(Ranked::refuses)
            .thenComparingDouble(Ranked::load)
            .thenComparingDouble(Ranked::lottery);

    private DeploymentBalance() {
    }

    /** The deployments in the order to try them; a model with one deployment is returned as it is. */
    static List<Deployment> order(List<Deployment> deployments, Load load, RandomGenerator random) {
        if (deployments.size() == 1) {
            return deployments;
        }
        List<Ranked> ranked = new ArrayList<>(deployments.size());
        for (Deployment deployment : deployments) {
            ranked.add(new Ranked(deployment, load.refusesCalls(deployment),
                    (double) load.callsInFlight(deployment) / deployment.weight(), lottery(deployment, random)));
        }
        ranked.sort(ORDER);
        return ranked.stream().map(Ranked::deployment).toList();
    }

    /**
     * An exponential draw divided by the weight (Efraimidis and Spirakis' weighted sampling): the smallest of these
     * belongs to each deployment with probability weight / total weight, and sorting by it gives a weighted random
     * order without replacement.
     */
    private static double lottery(Deployment deployment, RandomGenerator random) {
        return -Math.log(1.0 - random.nextDouble()) / deployment.weight();
    }
}
